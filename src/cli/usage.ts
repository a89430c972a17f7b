/** Rows and the table of `hub usage`. */
import type { UsageSummary } from '../shared/types.ts';

/** One provider's month in `hub usage --json`. Cost is rounded to 1/10,000 of the currency. */
export interface UsageRow {
  provider: string;
  month: string;
  timeZone: string;
  calls: number;
  units: number;
  unit: string;
  inputUnits: number;
  outputUnits: number;
  cost: number;
  currency: string;
  monthlyBudget: number | null;
}

/** Turns a summary into one row per provider, in catalog order. */
export function usageRows(summary: UsageSummary): UsageRow[] {
  return summary.providers.map((usage) => ({
    provider: usage.provider,
    month: summary.month,
    timeZone: summary.timeZone,
    calls: usage.calls,
    units: usage.units,
    unit: usage.unit,
    inputUnits: usage.inputUnits,
    outputUnits: usage.outputUnits,
    cost: Math.round(usage.cost * 10_000) / 10_000,
    currency: usage.currency,
    monthlyBudget: usage.budget.monthlyBudget,
  }));
}

/** Formats the rows as an aligned table with a total line. */
export function formatUsageTable(summary: UsageSummary, rows: readonly UsageRow[]): string {
  const header = ['PROVIDER', 'CALLS', 'UNITS', 'UNIT', 'COST', 'BUDGET'];
  const lines = rows.map((row) => [
    row.provider,
    String(row.calls),
    String(row.units),
    row.unit,
    `${row.cost.toFixed(4)} ${row.currency}`,
    row.monthlyBudget === null ? '-' : `${row.monthlyBudget.toFixed(2)} ${row.currency}`,
  ]);
  lines.push(['total', String(summary.total.calls), '', '', `${summary.total.cost.toFixed(4)} ${summary.currency}`, '']);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();

  return `Usage in ${summary.month} (${summary.timeZone})\n${[format(header), ...lines.map(format)].join('\n')}\n`;
}

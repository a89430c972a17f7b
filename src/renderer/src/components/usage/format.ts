/** Formatting of costs, units and limits on the Usage page. */
import type { QuotaMeter, UsageMetric, UsageUnit } from '../../../../shared/types.ts';
import { formatCount } from '../../lib/format.ts';

export { providerName } from '../../../../shared/provider-names.ts';

/** Formats a cost with its currency, to a hundredth of a cent below one unit. */
export function formatCost(amount: number, currency: string): string {
  const digits = Math.abs(amount) < 1 && amount !== 0 ? 4 : 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(amount);
}

/** Formats a unit count, with at most two decimals. */
export function formatUnits(units: number): string {
  return Number.isInteger(units) ? formatCount(units) : units.toFixed(2);
}

const METRIC_LABELS: Record<UsageMetric, string> = {
  'daily-calls': 'Calls today',
  'monthly-calls': 'Calls this month',
  'daily-units': 'Units today',
  'monthly-units': 'Units this month',
  'monthly-budget': 'Budget this month',
  'provider-quota': 'Plan allowance',
};

const PAST_METRIC_LABELS: Partial<Record<UsageMetric, string>> = {
  'monthly-calls': 'Calls in',
  'monthly-units': 'Units in',
  'monthly-budget': 'Budget in',
};

/**
 * Returns the label of a meter, such as "Calls today". With `pastMonth`
 * (`YYYY-MM`) a monthly meter names that month, such as "Calls in March 2026".
 */
export function meterLabel(metric: UsageMetric, pastMonth: string | null = null): string {
  const past = PAST_METRIC_LABELS[metric];
  return pastMonth !== null && past !== undefined ? `${past} ${formatMonth(pastMonth)}` : METRIC_LABELS[metric];
}

const monthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' });

/** Formats a `YYYY-MM` month as its name and year, such as "March 2026". Other text is returned unchanged. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;

  return monthFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

const UNIT_TITLES: Record<UsageUnit, string> = { tokens: 'Tokens', characters: 'Characters', requests: 'Requests' };

/** Returns the title of a unit, such as "Tokens". */
export function unitTitle(unit: UsageUnit): string {
  return UNIT_TITLES[unit];
}

const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });

/** Formats an axis tick of a count: whole and decimal numbers below 10,000, compact ones such as "1.2M" above. */
export function formatCountTick(value: number): string {
  return Math.abs(value) < 10_000 ? formatUnits(value) : compactFormat.format(value);
}

/** Formats an axis tick of a cost in `currency`, compact from 100,000 on, such as "$250K". */
export function formatCostTick(value: number, currency: string): string {
  if (Math.abs(value) < 100_000) return formatCost(value, currency);

  return new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Formats a meter's used and limit values in its unit. */
export function formatMeterValue(meter: QuotaMeter, value: number, currency: string): string {
  return meter.unit === currency ? formatCost(value, currency) : `${formatUnits(value)} ${meter.unit}`;
}

/** Formats an instant as a medium date and short time in `timeZone`, the zone of the usage windows. */
export function formatInZone(time: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

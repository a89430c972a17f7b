/** Formatting of costs, units and limits on the Usage page. */
import type { QuotaMeter, UsageMetric } from '../../../../shared/types.ts';
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

/** Returns the label of a meter, such as "Calls today". */
export function meterLabel(metric: UsageMetric): string {
  return METRIC_LABELS[metric];
}

/** Formats a meter's used and limit values in its unit. */
export function formatMeterValue(meter: QuotaMeter, value: number, currency: string): string {
  return meter.unit === currency ? formatCost(value, currency) : `${formatUnits(value)} ${meter.unit}`;
}

/** Formats an instant as a medium date and short time in `timeZone`, the zone of the usage windows. */
export function formatInZone(time: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

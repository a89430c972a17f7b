/**
 * Budgets and quotas measured in their current windows (or in a past month):
 * the meters, the alert keys that dedupe them, and the message of a hard stop.
 */
import type { ProviderBudget, ProviderId, QuotaMeter, UsageAlert, UsageMetric, UsageUnit } from '../../../shared/types.ts';
import { PROVIDERS } from '../providers/catalog.ts';
import type { QuotaUsage } from '../providers/types.ts';
import { localTime, type TimeWindow } from './time-zone.ts';
import type { UsageTotals } from './usage-store.ts';

/** Totals of one provider in its current day and month windows. */
export interface WindowTotals {
  day: TimeWindow;
  month: TimeWindow;
  today: UsageTotals;
  thisMonth: UsageTotals;
}

interface MeterSpec {
  metric: UsageMetric;
  limit: keyof ProviderBudget;
  window: 'day' | 'month';
  value: (totals: UsageTotals) => number;
  unit: (unit: UsageUnit, currency: string) => string;
}

const METERS: readonly MeterSpec[] = [
  { metric: 'daily-calls', limit: 'dailyCalls', window: 'day', value: (t) => t.calls, unit: () => 'calls' },
  { metric: 'monthly-calls', limit: 'monthlyCalls', window: 'month', value: (t) => t.calls, unit: () => 'calls' },
  { metric: 'daily-units', limit: 'dailyUnits', window: 'day', value: (t) => t.units, unit: (unit) => unit },
  { metric: 'monthly-units', limit: 'monthlyUnits', window: 'month', value: (t) => t.units, unit: (unit) => unit },
  { metric: 'monthly-budget', limit: 'monthlyBudget', window: 'month', value: (t) => t.cost, unit: (_unit, currency) => currency },
];

const METRIC_NAMES: Record<UsageMetric, string> = {
  'daily-calls': 'daily call quota',
  'monthly-calls': 'monthly call quota',
  'daily-units': 'daily quota',
  'monthly-units': 'monthly quota',
  'monthly-budget': 'monthly budget',
  'provider-quota': 'plan allowance',
};

/** Whether `budget` sets any limit, so that `buildMeters` returns at least one meter. */
export function hasLimits(budget: ProviderBudget): boolean {
  return METERS.some((spec) => typeof budget[spec.limit] === 'number');
}

function meterOf(spec: MeterSpec, limit: number, unit: UsageUnit, currency: string, totals: UsageTotals, window: TimeWindow): QuotaMeter & { window: TimeWindow } {
  const used = spec.value(totals);
  let percent = (used / limit) * 100;
  // A zero limit is reached at once and exceeded by any use.
  if (limit === 0) percent = used > 0 ? Infinity : 0;
  return { metric: spec.metric, used, limit, unit: spec.unit(unit, currency), percent, resetsAt: window.end, window };
}

/** Returns a meter for each limit set in `budget`, in the order daily calls, monthly calls, units, budget. */
export function buildMeters(budget: ProviderBudget, unit: UsageUnit, currency: string, totals: WindowTotals): (QuotaMeter & { window: TimeWindow })[] {
  const meters: (QuotaMeter & { window: TimeWindow })[] = [];
  for (const spec of METERS) {
    const limit = budget[spec.limit];
    if (typeof limit !== 'number') continue;

    const daily = spec.window === 'day';
    meters.push(meterOf(spec, limit, unit, currency, daily ? totals.today : totals.thisMonth, daily ? totals.day : totals.month));
  }
  return meters;
}

/**
 * Returns a meter for each monthly limit set in `budget`, measured against
 * the totals of `month`, which need not be the current one. Daily limits
 * have no meter, because a month has no single day to measure.
 */
export function buildMonthMeters(budget: ProviderBudget, unit: UsageUnit, currency: string, month: TimeWindow, totals: UsageTotals): (QuotaMeter & { window: TimeWindow })[] {
  const meters: (QuotaMeter & { window: TimeWindow })[] = [];
  for (const spec of METERS) {
    const limit = budget[spec.limit];
    if (spec.window !== 'month' || typeof limit !== 'number') continue;

    meters.push(meterOf(spec, limit, unit, currency, totals, month));
  }
  return meters;
}

/**
 * Returns the meter of an allowance the provider reported, such as ElevenLabs
 * characters per billing period, or null when it reports no reset time,
 * because alerts are counted per period.
 */
export function allowanceMeter(quota: QuotaUsage, timeZone: string): (QuotaMeter & { window: TimeWindow }) | null {
  if (quota.resetsAt === null || quota.limit <= 0) return null;

  const label = `the billing period ending ${formatLocal(quota.resetsAt, timeZone).slice(0, 10)}`;
  const percent = (quota.used / quota.limit) * 100;
  // The period's start is unknown, so its end identifies it.
  const window = { start: quota.resetsAt, end: quota.resetsAt, label };
  return { metric: 'provider-quota', used: quota.used, limit: quota.limit, unit: quota.unit, percent, resetsAt: quota.resetsAt, window };
}

/** Key under which an alert is stored once per provider, limit, window and threshold. */
export function alertKey(provider: ProviderId, metric: UsageMetric, window: TimeWindow, threshold: number): string {
  // Day and month windows are named by their local date, so a new time zone
  // does not make the same window look new; a provider's billing period is
  // named by its reset instant.
  const windowId = metric === 'provider-quota' ? String(window.start) : window.label;
  return `${provider}|${metric}|${windowId}|${threshold}`;
}

/** Formats an instant as local `YYYY-MM-DD HH:mm` with the zone name, for messages. */
export function formatLocal(time: number, timeZone: string): string {
  const local = localTime(time, timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)} ${timeZone}`;
}

function amount(value: number, unit: string): string {
  const rounded = unit === 'USD' ? value.toFixed(2) : String(Math.round(value * 100) / 100);
  return `${rounded} ${unit}`;
}

/** Builds the alert for a meter that reached `threshold` percent. */
export function buildAlert(provider: ProviderId, meter: QuotaMeter & { window: TimeWindow }, threshold: number, time: number, timeZone: string): UsageAlert {
  const name = PROVIDERS[provider].name;
  const what = METRIC_NAMES[meter.metric];
  // A limit of 0 makes any use infinitely many percent, which reads as nonsense.
  const share = Number.isFinite(meter.percent) ? `${Math.floor(meter.percent)}%` : 'more than all';
  const message =
    `${name} has used ${share} of its ${what}: ${amount(meter.used, meter.unit)} of ` +
    `${amount(meter.limit, meter.unit)} in ${meter.window.label}. It resets at ${formatLocal(meter.resetsAt, timeZone)}.`;
  return { provider, metric: meter.metric, threshold, used: meter.used, limit: meter.limit, unit: meter.unit, window: meter.window.label, resetsAt: meter.resetsAt, time, message };
}

/**
 * Returns the message of a hard stop when the next call would go over a
 * limit: a call quota when one more call exceeds it, a unit quota when the
 * units used plus `nextUnits` exceed it (or it is used up), a budget when it
 * is spent. Null lets the call through.
 */
export function hardStopMessage(provider: ProviderId, meters: readonly (QuotaMeter & { window: TimeWindow })[], nextUnits: number, timeZone: string): string | null {
  for (const meter of meters) {
    const next = meter.metric.endsWith('-calls') ? 1 : meter.metric.endsWith('-units') ? nextUnits : 0;
    const over = next > 0 ? meter.used + next > meter.limit : meter.used >= meter.limit;
    if (!over) continue;

    const name = PROVIDERS[provider].name;
    return (
      `${name} call rejected: its ${METRIC_NAMES[meter.metric]} of ${amount(meter.limit, meter.unit)} is used up ` +
      `(${amount(meter.used, meter.unit)} in ${meter.window.label}). It resets at ${formatLocal(meter.resetsAt, timeZone)}. ` +
      'Raise the limit or turn off the hard stop on the Usage page.'
    );
  }
  return null;
}

/** Selection of the providers and units that the usage charts draw. */
import type { UsageSeries, UsageUnit } from '../../../../shared/types.ts';

/** Quantity a chart plots: calls, units of one kind, or cost. */
export type ChartMetric = 'calls' | 'units' | 'cost';

const UNIT_ORDER: readonly UsageUnit[] = ['tokens', 'characters', 'requests'];

/** Returns the providers a chart draws: all of them, or for a `units` chart those that bill in `unit`. */
export function chartProviders(series: UsageSeries, metric: ChartMetric, unit: UsageUnit | undefined): UsageSeries['providers'] {
  return metric === 'units' ? series.providers.filter((row) => row.unit === unit) : series.providers;
}

/** Returns the units with any usage in `series`, tokens first, so each gets a chart of its own. */
export function chartUnits(series: UsageSeries): UsageUnit[] {
  const used = new Set(series.providers.filter((row) => row.units.some((value) => value !== 0)).map((row) => row.unit));
  return UNIT_ORDER.filter((unit) => used.has(unit));
}

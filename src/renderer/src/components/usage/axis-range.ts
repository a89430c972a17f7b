/** Value-axis ranges of the usage charts, scaled to the data. */
import type { ChartMetric } from './chart-data.ts';

/** Smallest span of the value axis per metric: five calls, ten units, one cent, so a month of a few cents still rises. */
export const MINIMUM_SPAN: Readonly<Record<ChartMetric, number>> = { calls: 5, units: 10, cost: 0.01 };

/** Mantissas an axis top is rounded up to, so it reads as 4, 600 or 2,500 rather than 3.15 or 525. */
const NICE_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** Share of the peak left free above it, so the highest point does not touch the top edge. */
const TOP_MARGIN = 0.05;

/** Rounds `value` up to the next number m × 10^k with m in `NICE_MANTISSAS`. Returns 0 for 0 or less. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 0;

  const magnitude = 10 ** Math.floor(Math.log10(value));
  // The tolerance absorbs floating-point error in the product, so a value that is already nice stays as it is.
  const mantissa = NICE_MANTISSAS.find((candidate) => candidate * magnitude >= value * (1 - 1e-12)) ?? 10;
  return Number((mantissa * magnitude).toPrecision(12));
}

/**
 * Returns the value-axis range `[min, max]` for data from `dataMin` to
 * `dataMax` (null when there is none). It starts at 0, or below it for
 * negative data, and ends at a nice number above the peak. It is at least
 * `minimumSpan` wide, so all-zero data still draws a readable axis.
 */
export function valueAxisRange(dataMin: number | null, dataMax: number | null, minimumSpan: number): [number, number] {
  const min = dataMin !== null && dataMin < 0 ? -niceCeiling(-dataMin * (1 + TOP_MARGIN)) : 0;
  const peak = dataMax !== null && dataMax > 0 ? dataMax * (1 + TOP_MARGIN) : 0;
  const max = niceCeiling(Math.max(peak, min + minimumSpan));
  return [min, max];
}

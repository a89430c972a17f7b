/**
 * Returns the nearest-rank percentile of values sorted in ascending order:
 * the smallest value such that at least `percent`% of the values are less
 * than or equal to it, that is `sorted[ceil(percent / 100 * n) - 1]`. The
 * result is always one of the values, never an interpolation. Returns null
 * for an empty list. `percent` is in (0, 100].
 */
export function nearestRankPercentile(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;

  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/**
 * A fixed log-bucket latency histogram. Buckets grow by a factor of
 * 2^(1/16) (about 4.4 %), so a percentile read from merged histograms is
 * within 4.4 % above the exact nearest-rank value, whatever the row count.
 */

/** Buckets per doubling of the latency. */
export const BUCKETS_PER_DOUBLING = 16;

/** Largest relative error of a percentile read from a histogram: 2^(1/16) - 1. */
export const HISTOGRAM_RELATIVE_ERROR = 2 ** (1 / BUCKETS_PER_DOUBLING) - 1;

/** Bucket index to count. Sparse: a minute holds few distinct buckets. */
export type Histogram = Map<number, number>;

/**
 * Returns the bucket of a latency in milliseconds. Bucket 0 holds [0, 1] ms
 * and bucket i > 0 holds (2^((i-1)/16), 2^(i/16)] ms.
 */
export function bucketOf(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0;

  return Math.ceil(Math.log2(latencyMs) * BUCKETS_PER_DOUBLING);
}

/** Upper bound of a bucket in milliseconds. */
export function bucketUpperBound(bucket: number): number {
  return 2 ** (bucket / BUCKETS_PER_DOUBLING);
}

/** Adds `count` samples to a bucket. */
export function addToHistogram(histogram: Histogram, bucket: number, count = 1): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

/** Encodes a histogram as `bucket:count` pairs separated by spaces, buckets ascending. */
export function encodeHistogram(histogram: Histogram): string {
  return [...histogram.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([bucket, count]) => `${bucket}:${count}`)
    .join(' ');
}

/** Adds the buckets of an encoded histogram into `into`. Ignores malformed pairs. */
export function mergeEncodedHistogram(into: Histogram, text: string): void {
  if (text === '') return;

  for (const pair of text.split(' ')) {
    const separator = pair.indexOf(':');
    const bucket = Number(pair.slice(0, separator));
    const count = Number(pair.slice(separator + 1));
    if (Number.isInteger(bucket) && count > 0) addToHistogram(into, bucket, count);
  }
}

/**
 * Returns the nearest-rank percentile of the samples in `histogram`: the
 * upper bound of the first bucket whose cumulative count reaches
 * `ceil(percent / 100 * total)`, capped at `max` (the largest sample).
 * Because the rank grows with `percent` and the cap is the same, p50 <= p95
 * <= p99 <= max always holds. Null when the histogram is empty.
 */
export function histogramPercentile(
  histogram: Histogram,
  percent: number,
  max: number,
): number | null {
  const buckets = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;

  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return Math.min(bucketUpperBound(bucket), max);
  }
  return max;
}

/**
 * Per-minute rollups of attempts and probes: counts, errors and a latency
 * histogram per provider and minute. The dashboard reads its figures from
 * here, so their cost depends on the window's minutes, not on its rows.
 */
import type { Statement } from 'better-sqlite3';

import type { AttemptRecord, ProbeResult, ProviderId } from '../../../shared/types.ts';
import {
  addToHistogram,
  bucketOf,
  encodeHistogram,
  histogramPercentile,
  mergeEncodedHistogram,
} from './histogram.ts';
import type { Histogram } from './histogram.ts';

/** Length of one rollup bucket in milliseconds. */
export const MINUTE_MS = 60_000;

/** What a rollup row counts: call log attempts or health probes. */
export type RollupSource = 'attempt' | 'probe';

/**
 * Counts of one provider and minute. For attempts, `ok` counts successes and
 * `errors` failures; for probes, `ok` counts `up` and `degraded` and
 * `errors` counts `down`, so a `paused` probe counts in neither. Latencies
 * are those of successful and failed attempts, and of probes that got a
 * response.
 */
export interface RollupDelta {
  source: RollupSource;
  provider: ProviderId;
  minute: number;
  total: number;
  errors: number;
  ok: number;
  latencyCount: number;
  latencyMax: number | null;
  histogram: Histogram;
}

/** Latency and count figures of a window, read from the rollups. */
export interface RollupFigures {
  total: number;
  errors: number;
  ok: number;
  latencyCount: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export type Prepare = (sql: string) => Statement;

const SELECT_HISTOGRAM =
  'SELECT histogram FROM rollups WHERE source = ? AND provider = ? AND minute = ?';

const UPSERT_ROLLUP = `
  INSERT INTO rollups (source, provider, minute, total, errors, ok, latency_count, latency_max,
    histogram)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source, provider, minute) DO UPDATE SET
    total = total + excluded.total,
    errors = errors + excluded.errors,
    ok = ok + excluded.ok,
    latency_count = latency_count + excluded.latency_count,
    latency_max = max(coalesce(latency_max, excluded.latency_max),
      coalesce(excluded.latency_max, latency_max)),
    histogram = excluded.histogram`;

const SUM_ROLLUPS = `
  SELECT coalesce(sum(total), 0) AS total, coalesce(sum(errors), 0) AS errors,
    coalesce(sum(ok), 0) AS ok, coalesce(sum(latency_count), 0) AS latencyCount,
    max(latency_max) AS max
  FROM rollups WHERE source = ? AND provider = ? AND minute >= ? AND minute <= ?`;

const WINDOW_HISTOGRAMS = `
  SELECT histogram FROM rollups
  WHERE source = ? AND provider = ? AND minute >= ? AND minute <= ? AND latency_count > 0`;

/** Groups attempts by provider and minute. */
export function attemptDeltas(
  rows: readonly Pick<AttemptRecord, 'provider' | 'time' | 'outcome' | 'latencyMs'>[],
): RollupDelta[] {
  const deltas = new Map<ProviderId, Map<number, RollupDelta>>();
  const ordered: RollupDelta[] = [];
  for (const row of rows) {
    const delta = deltaFor(deltas, ordered, 'attempt', row.provider, row.time);
    delta.total += 1;
    if (row.outcome === 'success') delta.ok += 1;
    if (row.outcome === 'failure') delta.errors += 1;
    if (row.outcome === 'success' || row.outcome === 'failure') addLatency(delta, row.latencyMs);
  }
  return ordered;
}

/** The rollup change of one probe. */
export function probeDelta(result: ProbeResult): RollupDelta {
  const delta = emptyDelta('probe', result.provider, minuteOf(result.time));
  delta.total = 1;
  const responded = result.status === 'up' || result.status === 'degraded';
  if (responded) delta.ok = 1;
  if (result.status === 'down') delta.errors = 1;
  if (responded && result.latencyMs !== null) addLatency(delta, result.latencyMs);
  return delta;
}

/**
 * Adds deltas to the rollup rows, merging histograms. Call it inside the
 * transaction that inserts the rows the deltas come from.
 */
export function applyRollups(prepare: Prepare, deltas: readonly RollupDelta[]): void {
  for (const delta of deltas) {
    const stored = prepare(SELECT_HISTOGRAM)
      .pluck()
      .get(delta.source, delta.provider, delta.minute) as string | undefined;
    if (stored !== undefined) mergeEncodedHistogram(delta.histogram, stored);
    prepare(UPSERT_ROLLUP).run(
      delta.source,
      delta.provider,
      delta.minute,
      delta.total,
      delta.errors,
      delta.ok,
      delta.latencyCount,
      delta.latencyMax,
      encodeHistogram(delta.histogram),
    );
  }
}

/**
 * Returns the figures of the minutes that overlap `since < time <= until`.
 * Windows align to whole minutes, so the first and last minute count whole.
 * Percentiles come from the merged histograms: each lies at most
 * `HISTOGRAM_RELATIVE_ERROR` above the exact nearest-rank value, and never
 * above `max`.
 */
export function rollupFigures(
  prepare: Prepare,
  source: RollupSource,
  provider: ProviderId,
  since: number,
  until: number,
): RollupFigures {
  const range = [source, provider, minuteOf(since + 1), minuteOf(until)] as const;
  const sums = prepare(SUM_ROLLUPS).get(...range) as Omit<RollupFigures, 'p50' | 'p95' | 'p99'>;
  const figures: RollupFigures = { ...sums, p50: null, p95: null, p99: null };
  if (sums.latencyCount === 0 || sums.max === null) return { ...figures, max: null };

  const histogram: Histogram = new Map();
  for (const text of prepare(WINDOW_HISTOGRAMS).pluck().iterate(...range)) {
    mergeEncodedHistogram(histogram, text as string);
  }
  figures.p50 = histogramPercentile(histogram, 50, sums.max);
  figures.p95 = histogramPercentile(histogram, 95, sums.max);
  figures.p99 = histogramPercentile(histogram, 99, sums.max);
  return figures;
}

/** The minute number of an epoch millisecond time. */
export function minuteOf(time: number): number {
  return Math.floor(time / MINUTE_MS);
}

/** Finds or adds the delta of a provider and minute; `ordered` lists them in order of first use. */
function deltaFor(
  deltas: Map<ProviderId, Map<number, RollupDelta>>,
  ordered: RollupDelta[],
  source: RollupSource,
  provider: ProviderId,
  time: number,
): RollupDelta {
  const minute = minuteOf(time);
  let minutes = deltas.get(provider);
  if (!minutes) {
    minutes = new Map();
    deltas.set(provider, minutes);
  }
  let delta = minutes.get(minute);
  if (!delta) {
    delta = emptyDelta(source, provider, minute);
    minutes.set(minute, delta);
    ordered.push(delta);
  }
  return delta;
}

function emptyDelta(source: RollupSource, provider: ProviderId, minute: number): RollupDelta {
  return {
    source,
    provider,
    minute,
    total: 0,
    errors: 0,
    ok: 0,
    latencyCount: 0,
    latencyMax: null,
    histogram: new Map(),
  };
}

function addLatency(delta: RollupDelta, latencyMs: number): void {
  delta.latencyCount += 1;
  delta.latencyMax = Math.max(delta.latencyMax ?? latencyMs, latencyMs);
  addToHistogram(delta.histogram, bucketOf(latencyMs));
}

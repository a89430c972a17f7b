/**
 * The dashboard's figures of each provider: probe latency, uptime, the last
 * probe and the last error, read from the raw rows or the per-minute rollups.
 */
import type { LatencySummary, ProbeResult, ProviderId } from '../../../shared/types.ts';
import { nearestRankPercentile } from './percentile.ts';
import { rollupFigures } from './rollups.ts';
import type { Prepare, RollupFigures } from './rollups.ts';
import { toProbeResult } from './rows.ts';
import type { ProbeRow } from './rows.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Windows with at most this many samples get exact nearest-rank figures from
 * the raw rows; larger ones read the per-minute rollups. Either way a figure
 * reads a bounded number of rows.
 */
export const EXACT_WINDOW_LIMIT = 2000;

/** Probe statuses that count as a successful probe, because the provider responded. */
const RESPONDED = `('up', 'degraded')`;

/** Summarises the latencies of the last hour's successful probes for `HubStore.latencySummary`. */
export function latencySummary(prepare: Prepare, provider: ProviderId, now: number): LatencySummary {
  const since = now - HOUR_MS;
  const lastSql =
    `SELECT latency_ms FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
    `AND status IN ${RESPONDED} AND latency_ms IS NOT NULL ORDER BY time DESC, id DESC LIMIT 1`;
  const last = (prepare(lastSql).pluck().get(provider, since, now) as number) ?? null;
  const figures = rollupFigures(prepare, 'probe', provider, since, now);
  if (figures.latencyCount > EXACT_WINDOW_LIMIT) {
    return { last, p50: figures.p50, p95: figures.p95 };
  }

  const sql =
    `SELECT latency_ms FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
    `AND status IN ${RESPONDED} AND latency_ms IS NOT NULL`;
  const latencies = prepare(sql).pluck().all(provider, since, now) as number[];
  const sorted = latencies.sort((a, b) => a - b);
  return {
    last,
    p50: nearestRankPercentile(sorted, 50),
    p95: nearestRankPercentile(sorted, 95),
  };
}

/** Returns the rollup figures of a window for `HubStore.windowFigures`. `windowMs` defaults to 24 hours. */
export function windowFigures(
  prepare: Prepare,
  provider: ProviderId,
  now: number,
  windowMs: number = DAY_MS,
  source: 'attempt' | 'probe' = 'attempt',
): RollupFigures {
  return rollupFigures(prepare, source, provider, now - windowMs, now);
}

/**
 * Returns the share of responding probes for `HubStore.uptime`. `paused`
 * probes are left out of both counts. `windowMs` defaults to 24 hours.
 */
export function uptime(prepare: Prepare, provider: ProviderId, now: number, windowMs: number = DAY_MS): number | null {
  // Large windows read the per-minute counts, which align to whole minutes.
  const figures = rollupFigures(prepare, 'probe', provider, now - windowMs, now);
  const counted = figures.ok + figures.errors;
  if (counted > EXACT_WINDOW_LIMIT) return figures.ok / counted;

  const sql =
    `SELECT count(*) AS total, coalesce(sum(status IN ${RESPONDED}), 0) AS responded ` +
    `FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
    `AND status IN ('up', 'degraded', 'down')`;
  const counts = prepare(sql).get(provider, now - windowMs, now) as {
    total: number;
    responded: number;
  };
  return counts.total === 0 ? null : counts.responded / counts.total;
}

/** Returns `provider`'s newest probe by time, or null when it has none. */
export function lastProbe(prepare: Prepare, provider: ProviderId): ProbeResult | null {
  const sql = 'SELECT * FROM probes WHERE provider = ? ORDER BY time DESC, id DESC LIMIT 1';
  const row = prepare(sql).get(provider) as ProbeRow | undefined;
  return row ? toProbeResult(row) : null;
}

/** Returns the newer of `provider`'s last failed attempt and last `down` probe for `HubStore.lastError`. */
export function lastError(prepare: Prepare, provider: ProviderId): { message: string; time: number } | null {
  const attemptSql =
    `SELECT time, coalesce(error_message, error_class, 'Attempt failed') AS message ` +
    `FROM attempts WHERE provider = ? AND outcome = 'failure' ORDER BY id DESC LIMIT 1`;
  const probeSql =
    `SELECT time, coalesce(error, error_class, 'Probe failed') AS message ` +
    `FROM probes WHERE provider = ? AND status = 'down' ORDER BY time DESC, id DESC LIMIT 1`;
  type ErrorRow = { message: string; time: number } | undefined;
  const attempt = prepare(attemptSql).get(provider) as ErrorRow;
  const probe = prepare(probeSql).get(provider) as ErrorRow;
  if (!attempt || !probe) return attempt ?? probe ?? null;

  return probe.time > attempt.time ? probe : attempt;
}

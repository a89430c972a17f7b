/**
 * Retention on the database: deletes rows past the age and size limits in
 * bounded batches, measures the pages in use and checkpoints the WAL.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';

import { PROVIDER_IDS } from '../../../shared/types.ts';
import type { RetentionSettings } from '../../../shared/types.ts';
import type { Prepare } from './rollups.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows deleted per transaction when the log is pruned. */
export const DEFAULT_PRUNE_BATCH = 5000;

/** Result of `HubStore.checkpoint`, from `PRAGMA wal_checkpoint`. */
export interface CheckpointResult {
  /** True when a reader or writer kept the checkpoint from finishing. */
  busy: boolean;
  /** Frames in the WAL. */
  logFrames: number;
  /** Frames copied into the database file. */
  checkpointedFrames: number;
}

/** The rows one `pruneBatch` call deleted. */
export interface PruneResult {
  attempts: number;
  probes: number;
  breakerTransitions: number;
  resilienceEvents: number;
  rollups: number;
  /** True when rows past the limits remain, so another batch should follow soon. */
  more: boolean;
}

/** Deletes one batch of each kind of row past the limits for `HubStore.pruneBatch`. */
export function pruneBatch(
  db: SqliteDatabase,
  prepare: Prepare,
  retention: RetentionSettings,
  now: number,
  batchSize: number = DEFAULT_PRUNE_BATCH,
): PruneResult {
  const result: PruneResult = { attempts: 0, probes: 0, breakerTransitions: 0, resilienceEvents: 0, rollups: 0, more: false };
  if (retention.maxAgeDays !== null) {
    const cutoff = now - retention.maxAgeDays * DAY_MS;
    result.attempts = deleteOlder(prepare, 'attempts', cutoff, batchSize);
    result.probes = deleteOlder(prepare, 'probes', cutoff, batchSize);
    result.breakerTransitions = deleteOlder(prepare, 'breaker_transitions', cutoff, batchSize);
    result.resilienceEvents = deleteOlder(prepare, 'resilience_events', cutoff, batchSize);
    result.rollups = deleteOldRollups(prepare, Math.min(cutoff, now - DAY_MS));
  }
  if (retention.maxSizeMb !== null && result.attempts < batchSize) {
    const removed = pruneBySize(db, prepare, retention.maxSizeMb * 1024 * 1024, now - DAY_MS, batchSize);
    result.attempts += removed.attempts;
    result.probes += removed.probes;
    result.resilienceEvents += removed.resilienceEvents;
  }
  const counts = [result.attempts, result.probes, result.breakerTransitions, result.resilienceEvents];
  result.more = counts.some((count) => count >= batchSize);
  return result;
}

/** Returns the bytes of the file in use: pages times page size, without free pages. */
export function usedBytes(db: SqliteDatabase): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** Runs `PRAGMA wal_checkpoint` in `mode` for `HubStore.checkpoint`. */
export function checkpoint(db: SqliteDatabase, mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): CheckpointResult {
  const [row] = db.pragma(`wal_checkpoint(${mode})`) as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  return {
    busy: (row?.busy ?? 0) !== 0,
    logFrames: row?.log ?? 0,
    checkpointedFrames: row?.checkpointed ?? 0,
  };
}

function deleteOlder(prepare: Prepare, table: string, cutoff: number, batchSize: number): number {
  const sql = `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE time < ? LIMIT ?)`;
  return runDelete(prepare, sql, cutoff, batchSize);
}

/** Deletes rollup minutes before `cutoff`; each provider's are a range of the primary key. */
function deleteOldRollups(prepare: Prepare, cutoff: number): number {
  const sql = 'DELETE FROM rollups WHERE source = ? AND provider = ? AND minute < ?';
  const minute = Math.floor(cutoff / 60_000);
  let deleted = 0;
  for (const source of ['attempt', 'probe']) {
    for (const provider of PROVIDER_IDS) {
      deleted += prepare(sql).run(source, provider, minute).changes;
    }
  }
  return deleted;
}

/**
 * Deletes a batch of the oldest attempts, probes and resilience events
 * while the file is over `maxBytes`. Rows newer than `floor` (the last 24
 * hours, which the dashboard shows) are kept, so data that no limit
 * prunes cannot make the size limit empty the call log.
 */
function pruneBySize(
  db: SqliteDatabase,
  prepare: Prepare,
  maxBytes: number,
  floor: number,
  batchSize: number,
): Pick<PruneResult, 'attempts' | 'probes' | 'resilienceEvents'> {
  if (usedBytes(db) <= maxBytes) return { attempts: 0, probes: 0, resilienceEvents: 0 };

  const oldest = (table: string) =>
    runDelete(prepare, `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE time < ? ORDER BY id LIMIT ?)`, floor, batchSize);
  return { attempts: oldest('attempts'), probes: oldest('probes'), resilienceEvents: oldest('resilience_events') };
}

function runDelete(prepare: Prepare, sql: string, bound: number, batchSize: number): number {
  return prepare(sql).run(bound, batchSize).changes;
}

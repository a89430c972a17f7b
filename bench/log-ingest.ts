/**
 * Rows per second through the hub's write path (AttemptWriter into HubStore,
 * rollups included) against a plain batched INSERT loop on the same schema,
 * in the same run. Target: at least 100,000 rows/s and a ratio of 0.8.
 */
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

import Database from 'better-sqlite3';

import { HubStore } from '../src/main/core/store/store.ts';
import { AttemptWriter } from '../src/main/core/store/writer.ts';
import type { AttemptRecord } from '../src/shared/types.ts';
import { syntheticAttempt } from '../tests/support/log-generator.ts';
import { round, tempDir } from './support.ts';

const ROWS = 200_000;
const BATCH = 500;
const ROUNDS = 3;

const INSERT = `
  INSERT INTO attempts (time, call_id, provider, operation, method, url, http_status, latency_ms,
    attempt, outcome, error_class, error_message, breaker_state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function makeRows(): AttemptRecord[] {
  const start = Date.now() - ROWS * 10;
  return Array.from({ length: ROWS }, (_, index) => syntheticAttempt(index, start + index * 10));
}

/** The baseline: prepared INSERT, one transaction per 500 rows, no queue and no rollups. */
function plainInsert(rows: readonly AttemptRecord[]): number {
  const temp = tempDir('bench-ingest-plain-');
  HubStore.open(temp.dir).close();
  const db = new Database(join(temp.dir, 'hub.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(INSERT);
  const write = db.transaction((batch: readonly AttemptRecord[]) => {
    for (const r of batch) {
      insert.run(r.time, r.callId, r.provider, r.operation, r.method, r.url, r.httpStatus,
        r.latencyMs, r.attempt, r.outcome, r.errorClass, r.errorMessage, r.breakerState);
    }
  });
  const started = performance.now();
  for (let index = 0; index < rows.length; index += BATCH) write(rows.slice(index, index + BATCH));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  temp.remove();
  return rows.length / seconds;
}

/** The hub's path: enqueue as calls would, yielding to the event loop so the writer's timers run. */
async function hubPath(rows: readonly AttemptRecord[]): Promise<number> {
  const temp = tempDir('bench-ingest-hub-');
  const store = HubStore.open(temp.dir);
  const writer = new AttemptWriter(store, { maxQueued: ROWS });
  const started = performance.now();
  for (let index = 0; index < rows.length; index += 1) {
    writer.enqueue(rows[index] as AttemptRecord);
    if (index % BATCH === BATCH - 1) await yieldToLoop();
  }
  writer.close();
  const seconds = (performance.now() - started) / 1000;
  const stored = store.maxAttemptId();
  store.close();
  temp.remove();
  if (stored !== rows.length) throw new Error(`Stored ${stored} of ${rows.length} rows.`);

  return rows.length / seconds;
}

export default async function run(): Promise<void> {
  const rows = makeRows();
  const plain: number[] = [];
  const hub: number[] = [];
  // Interleaved rounds, best of each, so a noisy neighbour hurts both sides alike.
  for (let index = 0; index < ROUNDS; index += 1) {
    plain.push(plainInsert(rows));
    hub.push(await hubPath(rows));
  }
  const plainRate = Math.max(...plain);
  const hubRate = Math.max(...hub);
  console.log(`plain batched INSERT: ${Math.round(plainRate)} rows/s`);
  console.log(`hub write path:       ${Math.round(hubRate)} rows/s`);
  console.log(
    JSON.stringify({
      bench: 'log-ingest',
      rows: ROWS,
      hubRowsPerSec: Math.round(hubRate),
      plainRowsPerSec: Math.round(plainRate),
      ratio: round(hubRate / plainRate),
      targetRowsPerSec: 100_000,
      targetRatio: 0.8,
    }),
  );
}

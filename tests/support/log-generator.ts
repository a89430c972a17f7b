/**
 * Fills a hub database with a synthetic call log, fast: one transaction and
 * one prepared statement for all rows, with the rollups built alongside.
 * Used by tests, benchmarks and the end-to-end logs test.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

import { applyRollups, attemptDeltas, probeDelta } from '../../src/main/core/store/rollups.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import {
  PROVIDER_IDS,
  type AttemptOutcome,
  type AttemptRecord,
  type HealthStatus,
} from '../../src/shared/types.ts';

export interface GenerateOptions {
  /** Attempts to write. */
  attempts: number;
  /** Time of the newest attempt, epoch milliseconds. */
  now: number;
  /** Span the attempts cover, ending at `now`. Default 30 days. */
  spanMs?: number;
  /** Milliseconds between probes of each provider over the last `probeSpanMs`. Default 60,000; 0 writes none. */
  probeEveryMs?: number;
  /** Span the probes cover, ending at `now`. Default 24 hours. */
  probeSpanMs?: number;
}

const OPERATIONS = ['chat.completions', 'geocode', 'weather.current', 'tts', 'charges.create'];
const ERRORS = [
  'Connection refused by upstream host',
  'Timed out waiting for response headers after 400 ms',
  'Server answered 503 Service Unavailable',
  'Rate limit exceeded: retry after 2 s',
  'Quota exhausted for this billing period',
];
const STATUSES: Record<AttemptOutcome, number | null> = {
  success: 200,
  failure: 503,
  rejected: null,
  cancelled: null,
};

/** Returns the synthetic attempt number `index`, deterministic in `index`. */
export function syntheticAttempt(index: number, time: number): AttemptRecord {
  const roll = (index * 7919) % 100;
  const outcome: AttemptOutcome =
    roll < 88 ? 'success' : roll < 96 ? 'failure' : roll < 99 ? 'rejected' : 'cancelled';
  const error = outcome === 'success' ? null : `${ERRORS[index % ERRORS.length]} (call ${index % 997})`;
  return {
    time,
    callId: `call-${Math.floor(index / 2)}`,
    provider: PROVIDER_IDS[index % PROVIDER_IDS.length] ?? 'openai',
    operation: OPERATIONS[index % OPERATIONS.length] ?? 'probe',
    method: index % 3 === 0 ? 'POST' : 'GET',
    url: `https://api.example.test/v1/items/${index % 1000}?page=${index % 7}`,
    httpStatus: outcome === 'failure' && index % 2 === 0 ? 500 : STATUSES[outcome],
    latencyMs: outcome === 'rejected' ? 0 : 20 + ((index * 37) % 400) + (roll > 95 ? 2000 : 0),
    attempt: (index % 2) + 1,
    outcome,
    errorClass: outcome === 'success' ? null : outcome === 'failure' ? 'server' : 'breaker_open',
    errorMessage: error,
    breakerState: 'closed',
  };
}

const INSERT = `
  INSERT INTO attempts (time, call_id, provider, operation, method, url, http_status, latency_ms,
    attempt, outcome, error_class, error_message, breaker_state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Creates or extends the hub database in `dataDir` with synthetic attempts
 * spread evenly over the span, oldest first, and probes every
 * `probeEveryMs`. Returns the number of attempts written.
 */
export function generateLog(dataDir: string, options: GenerateOptions): number {
  HubStore.open(dataDir).close();
  const db = new Database(`${dataDir}/hub.sqlite`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  try {
    db.transaction(() => {
      writeAttempts(prepare, options);
      writeProbes(prepare, options);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return options.attempts;
}

function writeAttempts(prepare: (sql: string) => Statement, options: GenerateOptions): void {
  const span = options.spanMs ?? 30 * 24 * 60 * 60 * 1000;
  const step = span / Math.max(1, options.attempts);
  const insert = prepare(INSERT);
  let chunk: AttemptRecord[] = [];
  for (let index = 0; index < options.attempts; index += 1) {
    const time = Math.round(options.now - span + (index + 1) * step);
    const row = syntheticAttempt(index, time);
    insert.run(
      row.time,
      row.callId,
      row.provider,
      row.operation,
      row.method,
      row.url,
      row.httpStatus,
      row.latencyMs,
      row.attempt,
      row.outcome,
      row.errorClass,
      row.errorMessage,
      row.breakerState,
    );
    chunk.push(row);
    if (chunk.length === 10_000) {
      applyRollups(prepare, attemptDeltas(chunk));
      chunk = [];
    }
  }
  applyRollups(prepare, attemptDeltas(chunk));
}

function writeProbes(prepare: (sql: string) => Statement, options: GenerateOptions): void {
  const every = options.probeEveryMs ?? 60_000;
  if (every <= 0) return;

  const span = options.probeSpanMs ?? 24 * 60 * 60 * 1000;
  const insert = prepare(
    'INSERT INTO probes (time, provider, status, http_status, latency_ms, error, error_class) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let index = 0;
  for (let time = options.now - span + every; time <= options.now; time += every) {
    for (const provider of PROVIDER_IDS) {
      const status: HealthStatus = index % 50 === 0 ? 'down' : 'up';
      const latencyMs = status === 'down' ? null : 50 + ((index * 53) % 300);
      const probe = {
        time,
        provider,
        status,
        httpStatus: status === 'down' ? 503 : 200,
        latencyMs,
        error: status === 'down' ? 'Server answered 503' : null,
        errorClass: status === 'down' ? ('server' as const) : null,
      };
      insert.run(time, provider, status, probe.httpStatus, latencyMs, probe.error, probe.errorClass);
      applyRollups(prepare, [probeDelta(probe)]);
      index += 1;
    }
  }
}

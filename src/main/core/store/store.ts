/**
 * The call log and health history: one SQLite file (`hub.sqlite`) in the data
 * directory, opened by one connection that does all the writing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';

import type {
  AttemptRecord,
  BreakerTransition,
  LatencySummary,
  LogFilter,
  LogPage,
  LogQuery,
  ProbeResult,
  ProviderId,
  ResilienceEventPage,
  ResilienceEventQuery,
  ResilienceEventRecord,
} from '../../../shared/types.ts';
import type { BreakerSnapshot } from '../resilience/breaker.ts';
import { isStoreError, sqliteCode, StoreError } from './errors.ts';
import {
  assertSupportedVersion,
  HUB_APPLICATION_ID,
  migrate,
  MIGRATIONS,
  schemaVersion,
} from './migrations.ts';
import type { Migration } from './migrations.ts';
import { nearestRankPercentile } from './percentile.ts';
import {
  attemptFilterCondition,
  toAttemptRecord,
  toBreakerTransition,
  toProbeResult,
} from './rows.ts';
import type { AttemptRow, BreakerTransitionRow, ProbeRow } from './rows.ts';

/** File name of the store inside the data directory. */
export const HUB_DATABASE_FILE_NAME = 'hub.sqlite';

/** Rows per call log page when the query sets no limit. */
export const DEFAULT_LOG_PAGE_LIMIT = 100;

/** Largest call log page; larger limits are lowered to this. */
export const MAX_LOG_PAGE_LIMIT = 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface HubStoreOptions {
  /** File name inside the data directory. Default `hub.sqlite`. */
  fileName?: string;
  /**
   * Applied to every attempt URL and error message, probe error and breaker
   * reason before it is written, so no credential reaches the file even when
   * a caller forgot to redact. Default: identity.
   */
  redact?: (text: string) => string;
  /**
   * Milliseconds a statement waits for another connection's lock before it
   * fails with `SQLITE_BUSY`. Default 1000. The wait blocks the thread, and
   * the attempt writer retries a failed flush anyway, so keep it short.
   */
  busyTimeoutMs?: number;
  /** Schema migrations to apply. Default: `MIGRATIONS`; tests pass their own. */
  migrations?: readonly Migration[];
}

const INSERT_ATTEMPT = `
  INSERT INTO attempts (time, call_id, provider, operation, method, url, http_status, latency_ms,
    attempt, outcome, error_class, error_message, breaker_state)
  VALUES (@time, @callId, @provider, @operation, @method, @url, @httpStatus, @latencyMs,
    @attempt, @outcome, @errorClass, @errorMessage, @breakerState)`;

const INSERT_PROBE = `
  INSERT INTO probes (time, provider, status, http_status, latency_ms, error, error_class)
  VALUES (@time, @provider, @status, @httpStatus, @latencyMs, @error, @errorClass)`;

const INSERT_BREAKER_TRANSITION = `
  INSERT INTO breaker_transitions (time, provider, from_state, to_state, reason)
  VALUES (@time, @provider, @from, @to, @reason)`;

const INSERT_RESILIENCE_EVENT = `
  INSERT INTO resilience_events (time, provider, type, attempt, delay_ms, duration_ms, detail)
  VALUES (@time, @provider, @type, @attempt, @delayMs, @durationMs, @detail)`;

interface ResilienceEventRow {
  id: number;
  time: number;
  provider: ProviderId;
  type: ResilienceEventRecord['type'];
  attempt: number | null;
  delay_ms: number | null;
  duration_ms: number | null;
  detail: string | null;
}

/** Probe statuses that count as a successful probe, because the provider responded. */
const RESPONDED = `('up', 'degraded')`;

/**
 * The hub's SQLite store. All methods are synchronous (better-sqlite3) and
 * run on the caller's thread. Statements are prepared once and cached.
 */
export class HubStore {
  /** Path of the database file: the data directory joined with the file name. */
  readonly path: string;
  readonly #db: SqliteDatabase;
  readonly #redact: (text: string) => string;
  readonly #statements = new Map<string, Statement>();
  readonly #insertAttempts: Transaction<(rows: readonly AttemptRecord[]) => void>;
  readonly #insertEvents: Transaction<(rows: readonly ResilienceEventRecord[]) => void>;

  private constructor(db: SqliteDatabase, path: string, redact: (text: string) => string) {
    this.#db = db;
    this.path = path;
    this.#redact = redact;
    this.#insertAttempts = db.transaction((rows: readonly AttemptRecord[]) => {
      const insert = this.#statement(INSERT_ATTEMPT);
      for (const row of rows) insert.run(this.#attemptParams(row));
    });
    this.#insertEvents = db.transaction((rows: readonly ResilienceEventRecord[]) => {
      const insert = this.#statement(INSERT_RESILIENCE_EVENT);
      for (const row of rows) {
        const { time, provider, type, attempt, delayMs, durationMs } = row;
        insert.run({ time, provider, type, attempt, delayMs, durationMs, detail: this.#redactNullable(row.detail) });
      }
    });
  }

  /**
   * Opens or creates `<dataDir>/hub.sqlite`, creating the folder, and brings
   * its schema up to date. Sets WAL journaling, `synchronous=NORMAL`, the busy
   * timeout and foreign keys. Throws a `StoreError`: `store_open_failed` when
   * the folder or file cannot be created or opened, `store_not_hub_database`
   * for a file some other program wrote, `store_schema_too_new` for a file
   * from a newer app version. Each message names the file.
   */
  static open(dataDir: string, options: HubStoreOptions = {}): HubStore {
    const path = join(dataDir, options.fileName ?? HUB_DATABASE_FILE_NAME);
    const migrations = options.migrations ?? MIGRATIONS;
    const db = openConnection(dataDir, path, options.busyTimeoutMs ?? 1000);
    try {
      assertHubDatabase(db, path);
      assertSupportedVersion(db, path, migrations);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path, migrations);
    } catch (error) {
      db.close();
      throw toOpenError(error, path);
    }
    return new HubStore(db, path, options.redact ?? ((text) => text));
  }

  /** Whether `close()` has not been called yet. */
  get isOpen(): boolean {
    return this.#db.open;
  }

  /**
   * Inserts attempts in one transaction: all rows or none. Ignores each
   * record's `id` because SQLite assigns it. Throws the SQLite error on
   * failure, such as `SQLITE_BUSY` or `SQLITE_FULL`.
   */
  insertAttempts(rows: readonly AttemptRecord[]): void {
    if (rows.length === 0) return;

    this.#insertAttempts.immediate(rows);
  }

  /** Inserts one probe result, with its error text passed through the redactor. */
  insertProbe(result: ProbeResult): void {
    this.#statement(INSERT_PROBE).run({
      time: result.time,
      provider: result.provider,
      status: result.status,
      httpStatus: result.httpStatus,
      latencyMs: result.latencyMs,
      error: this.#redactNullable(result.error),
      errorClass: result.errorClass,
    });
  }

  /** Inserts one breaker transition, with its reason passed through the redactor. */
  insertBreakerTransition(transition: BreakerTransition): void {
    this.#statement(INSERT_BREAKER_TRANSITION).run({
      time: transition.time,
      provider: transition.provider,
      from: transition.from,
      to: transition.to,
      reason: this.#redact(transition.reason),
    });
  }

  /**
   * Inserts resilience events in one transaction, with their detail passed
   * through the redactor. Ignores each record's `id`.
   */
  insertResilienceEvents(rows: readonly ResilienceEventRecord[]): void {
    if (rows.length === 0) return;

    this.#insertEvents.immediate(rows);
  }

  /**
   * Returns one page of resilience events, newest first by id, filtered by
   * provider and type. `limit` defaults to 100 and is clamped to 1..1000.
   */
  queryResilienceEvents(query: ResilienceEventQuery): ResilienceEventPage {
    const limit = clampLimit(query.limit, DEFAULT_LOG_PAGE_LIMIT);
    const conditions = ['1 = 1'];
    const params: Record<string, string | number> = { limit: limit + 1 };
    for (const key of ['provider', 'type'] as const) {
      if (query[key] === undefined) continue;

      conditions.push(`${key} = @${key}`);
      params[key] = query[key];
    }
    if (query.beforeId !== undefined) {
      conditions.push('id < @beforeId');
      params.beforeId = query.beforeId;
    }
    const sql = `SELECT * FROM resilience_events WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT @limit`;
    const rows = (this.#statement(sql).all(params) as ResilienceEventRow[]).map(toResilienceEvent);
    const page = rows.slice(0, limit);
    return { rows: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  /**
   * Returns one page of the call log, newest first by id. Filters combine
   * with AND, `since` is inclusive and `until` exclusive. Pages by keyset, so
   * pass `nextCursor` as `beforeId` to get the following page. `limit`
   * defaults to 100 and is clamped to 1..1000.
   */
  queryAttempts(query: LogQuery): LogPage {
    const limit = clampLimit(query.limit, DEFAULT_LOG_PAGE_LIMIT);
    const condition = attemptFilterCondition(query);
    const params: Record<string, number | string> = { ...condition.params, limit: limit + 1 };
    let sql = `SELECT * FROM attempts WHERE ${condition.sql}`;
    if (query.beforeId !== undefined) {
      sql += ' AND id < @beforeId';
      params.beforeId = query.beforeId;
    }
    sql += ' ORDER BY id DESC LIMIT @limit';

    // One extra row shows whether another page exists, without a COUNT.
    const rows = this.#statement(sql).all(params) as AttemptRow[];
    const page = rows.slice(0, limit).map(toAttemptRecord);
    const more = rows.length > limit;
    return { rows: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
  }

  /** Returns the largest attempt id, or 0 when the call log is empty. */
  maxAttemptId(): number {
    const sql = 'SELECT coalesce(max(id), 0) FROM attempts';
    return this.#statement(sql).pluck().get() as number;
  }

  /**
   * Iterates matching attempts with `afterId < id <= throughId`, oldest
   * first, at most `limit` of them, reading rows one at a time. While the
   * iterator is open the connection is busy and every other call on this
   * store throws, so consume it without awaiting in between.
   */
  *iterateAttemptsAscending(
    filter: LogFilter,
    afterId: number,
    throughId: number,
    limit: number,
  ): Generator<AttemptRecord, void, undefined> {
    const condition = attemptFilterCondition(filter);
    const sql =
      `SELECT * FROM attempts WHERE ${condition.sql} AND id > @afterId AND id <= @throughId ` +
      'ORDER BY id LIMIT @limit';
    const params = { ...condition.params, afterId, throughId, limit };
    for (const row of this.#statement(sql).iterate(params)) {
      yield toAttemptRecord(row as AttemptRow);
    }
  }

  /**
   * Summarises the latencies of `provider`'s successful probes (status `up`
   * or `degraded`) with `now - 1h < time <= now`: the newest one and the
   * nearest-rank p50 and p95 (see `nearestRankPercentile`), in milliseconds.
   * Every field is null when there is no such probe.
   */
  latencySummary(provider: ProviderId, now: number): LatencySummary {
    const sql =
      `SELECT latency_ms FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
      `AND status IN ${RESPONDED} AND latency_ms IS NOT NULL ORDER BY time, id`;
    const latencies = this.#statement(sql).pluck().all(provider, now - HOUR_MS, now) as number[];
    const sorted = latencies.toSorted((a, b) => a - b);
    return {
      last: latencies.at(-1) ?? null,
      p50: nearestRankPercentile(sorted, 50),
      p95: nearestRankPercentile(sorted, 95),
    };
  }

  /**
   * Returns the share, 0 to 1, of `provider`'s probes with
   * `now - windowMs < time <= now` whose status was `up` or `degraded`, among
   * those that were `up`, `degraded` or `down`. Probes of an unconfigured,
   * disabled or unknown provider do not count. Null when none counts.
   * `windowMs` defaults to 24 hours.
   */
  uptime(provider: ProviderId, now: number, windowMs: number = DAY_MS): number | null {
    const sql =
      `SELECT count(*) AS total, coalesce(sum(status IN ${RESPONDED}), 0) AS responded ` +
      `FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
      `AND status IN ('up', 'degraded', 'down')`;
    const counts = this.#statement(sql).get(provider, now - windowMs, now) as {
      total: number;
      responded: number;
    };
    return counts.total === 0 ? null : counts.responded / counts.total;
  }

  /** Returns `provider`'s newest probe by time, or null when it has none. */
  lastProbe(provider: ProviderId): ProbeResult | null {
    const sql = 'SELECT * FROM probes WHERE provider = ? ORDER BY time DESC, id DESC LIMIT 1';
    const row = this.#statement(sql).get(provider) as ProbeRow | undefined;
    return row ? toProbeResult(row) : null;
  }

  /**
   * Returns the newer of `provider`'s last failed attempt (outcome `failure`)
   * and last `down` probe, with its message, or null when there is neither.
   * Rejected attempts do not count, because they repeat an earlier cause.
   */
  lastError(provider: ProviderId): { message: string; time: number } | null {
    const attemptSql =
      `SELECT time, coalesce(error_message, error_class, 'Attempt failed') AS message ` +
      `FROM attempts WHERE provider = ? AND outcome = 'failure' ORDER BY id DESC LIMIT 1`;
    const probeSql =
      `SELECT time, coalesce(error, error_class, 'Probe failed') AS message ` +
      `FROM probes WHERE provider = ? AND status = 'down' ORDER BY time DESC, id DESC LIMIT 1`;
    type ErrorRow = { message: string; time: number } | undefined;
    const attempt = this.#statement(attemptSql).get(provider) as ErrorRow;
    const probe = this.#statement(probeSql).get(provider) as ErrorRow;
    if (!attempt || !probe) return attempt ?? probe ?? null;

    return probe.time > attempt.time ? probe : attempt;
  }

  /** Returns `provider`'s most recently stored breaker transition, or null. */
  latestBreakerTransition(provider: ProviderId): BreakerTransition | null {
    return this.breakerTransitions(provider, 1)[0] ?? null;
  }

  /**
   * Returns breaker transitions newest first, of one provider or of all when
   * `provider` is undefined. `limit` defaults to 100 and is clamped to 1..1000.
   */
  breakerTransitions(provider?: ProviderId, limit: number = 100): BreakerTransition[] {
    const where = provider === undefined ? '' : 'WHERE provider = @provider ';
    const sql = `SELECT * FROM breaker_transitions ${where}ORDER BY id DESC LIMIT @limit`;
    const params: Record<string, string | number> = { limit: clampLimit(limit, 100) };
    if (provider !== undefined) params.provider = provider;

    const rows = this.#statement(sql).all(params) as BreakerTransitionRow[];
    return rows.map(toBreakerTransition);
  }

  /**
   * Stores `snapshot` as `provider`'s breaker state to restore after a
   * restart, replacing the previous one.
   */
  saveBreakerSnapshot(provider: ProviderId, snapshot: BreakerSnapshot): void {
    const sql =
      'INSERT INTO breaker_snapshots (provider, snapshot) VALUES (?, ?) ' +
      'ON CONFLICT (provider) DO UPDATE SET snapshot = excluded.snapshot';
    this.#statement(sql).run(provider, JSON.stringify(snapshot));
  }

  /**
   * Returns `provider`'s last saved breaker snapshot, or null when none was
   * saved or the stored text is not JSON. The fields are not checked here:
   * `CircuitBreaker.restore` validates them and falls back to a closed breaker.
   */
  breakerSnapshot(provider: ProviderId): BreakerSnapshot | null {
    const sql = 'SELECT snapshot FROM breaker_snapshots WHERE provider = ?';
    const text = this.#statement(sql).pluck().get(provider) as string | undefined;
    if (text === undefined) return null;

    try {
      return JSON.parse(text) as BreakerSnapshot;
    } catch {
      return null;
    }
  }

  /**
   * Checkpoints the WAL into the main file and closes the connection. A
   * checkpoint that another connection blocks is skipped: SQLite finishes it
   * on a later open. Calling it again does nothing.
   */
  close(): void {
    if (!this.#db.open) return;

    try {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.#statements.clear();
      this.#db.close();
    }
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #attemptParams(row: AttemptRecord): Record<string, string | number | null> {
    return {
      time: row.time,
      callId: row.callId,
      provider: row.provider,
      operation: row.operation,
      method: row.method,
      url: this.#redact(row.url),
      httpStatus: row.httpStatus,
      latencyMs: row.latencyMs,
      attempt: row.attempt,
      outcome: row.outcome,
      errorClass: row.errorClass,
      errorMessage: this.#redactNullable(row.errorMessage),
      breakerState: row.breakerState,
    };
  }

  #redactNullable(text: string | null): string | null {
    return text === null ? null : this.#redact(text);
  }
}

function toResilienceEvent(row: ResilienceEventRow): ResilienceEventRecord {
  return {
    id: row.id,
    time: row.time,
    provider: row.provider,
    type: row.type,
    attempt: row.attempt,
    delayMs: row.delay_ms,
    durationMs: row.duration_ms,
    detail: row.detail,
  };
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;

  return Math.min(MAX_LOG_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

function openConnection(dataDir: string, path: string, busyTimeoutMs: number): SqliteDatabase {
  try {
    mkdirSync(dataDir, { recursive: true });
    return new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw toOpenError(error, path);
  }
}

/**
 * Throws `store_not_hub_database` unless the file carries the hub's
 * application id or is a new, empty database.
 */
function assertHubDatabase(db: SqliteDatabase, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === HUB_APPLICATION_ID) return;

  const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
  if (applicationId === 0 && schemaVersion(db) === 0 && objects === 0) return;

  throw new StoreError(
    'store_not_hub_database',
    `${path} is a SQLite database of another program (application_id ${applicationId}, ` +
      `${objects} schema objects), not an Integration Hub database. ` +
      'Move the file away or choose another data directory.',
  );
}

function toOpenError(error: unknown, path: string): StoreError {
  if (isStoreError(error)) return error;

  const reason = error instanceof Error ? error.message : String(error);
  if (sqliteCode(error) === 'SQLITE_NOTADB') {
    return new StoreError(
      'store_not_hub_database',
      `${path} is not a SQLite database (${reason}). ` +
        'Move the file away or choose another data directory.',
      { cause: error },
    );
  }

  return new StoreError(
    'store_open_failed',
    `Could not open the call log database ${path}: ${reason}. ` +
      'Check that the folder exists and is writable, or choose another data directory.',
    { cause: error },
  );
}

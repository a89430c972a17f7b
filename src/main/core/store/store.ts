/**
 * The call log and health history: one SQLite file (`hub.sqlite`) in the data
 * directory, opened by one connection that does all the writing. `HubStore`
 * does the writes. The log queries, the dashboard figures and retention live
 * in their own modules and run on its statement cache.
 */
import { join } from 'node:path';

import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';

import type {
  AttemptRecord,
  BreakerTransition,
  CallDetail,
  LatencySummary,
  LogFilter,
  LogPage,
  LogQuery,
  ProbeResult,
  ProviderId,
  ResilienceEventPage,
  ResilienceEventQuery,
  ResilienceEventRecord,
  RetentionSettings,
} from '../../../shared/types.ts';
import type { BreakerSnapshot } from '../resilience/breaker.ts';
import * as figures from './figures.ts';
import * as logQueries from './log-queries.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { openHubDatabase } from './open.ts';
import * as prune from './prune.ts';
import type { CheckpointResult, PruneResult } from './prune.ts';
import { applyRollups, attemptDeltas, probeDelta } from './rollups.ts';
import type { RollupFigures } from './rollups.ts';
import { storedProbeStatus } from './rows.ts';

export { EXACT_WINDOW_LIMIT } from './figures.ts';
export { DEFAULT_LOG_PAGE_LIMIT, MAX_LOG_PAGE_LIMIT } from './log-queries.ts';
export { DEFAULT_PRUNE_BATCH } from './prune.ts';
export type { CheckpointResult, PruneResult } from './prune.ts';

/** File name of the store inside the data directory. */
export const HUB_DATABASE_FILE_NAME = 'hub.sqlite';

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
  /**
   * Caps the file at this many pages (`PRAGMA max_page_count`); writes past it
   * fail with `SQLITE_FULL`, as on a full disk. Default: no cap.
   */
  maxPageCount?: number;
}

const INSERT_ATTEMPT = `
  INSERT INTO attempts (time, call_id, provider, operation, method, url, http_status, latency_ms,
    attempt, outcome, error_class, error_message, breaker_state, request_headers)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_PROBE = `
  INSERT INTO probes (time, provider, status, http_status, latency_ms, error, error_class)
  VALUES (@time, @provider, @status, @httpStatus, @latencyMs, @error, @errorClass)`;

const INSERT_BREAKER_TRANSITION = `
  INSERT INTO breaker_transitions (time, provider, from_state, to_state, reason)
  VALUES (@time, @provider, @from, @to, @reason)`;

const INSERT_RESILIENCE_EVENT = `
  INSERT INTO resilience_events (time, provider, type, attempt, delay_ms, duration_ms, detail)
  VALUES (@time, @provider, @type, @attempt, @delayMs, @durationMs, @detail)`;

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
  readonly #insertProbe: Transaction<(result: ProbeResult) => void>;
  readonly #prepare = (sql: string): Statement => this.#statement(sql);

  private constructor(db: SqliteDatabase, path: string, redact: (text: string) => string) {
    this.#db = db;
    this.path = path;
    this.#redact = redact;
    this.#insertAttempts = db.transaction((rows: readonly AttemptRecord[]) => {
      const insert = this.#statement(INSERT_ATTEMPT);
      for (const row of rows) this.#insertAttempt(insert, row);
      applyRollups(this.#prepare, attemptDeltas(rows));
    });
    this.#insertProbe = db.transaction((shown: ProbeResult) => {
      const result = { ...shown, status: storedProbeStatus(shown.status) };
      this.#statement(INSERT_PROBE).run({
        time: result.time,
        provider: result.provider,
        status: result.status,
        httpStatus: result.httpStatus,
        latencyMs: result.latencyMs,
        error: this.#redactNullable(result.error),
        errorClass: result.errorClass,
      });
      applyRollups(this.#prepare, [probeDelta(result)]);
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
    const db = openHubDatabase(dataDir, path, {
      busyTimeoutMs: options.busyTimeoutMs ?? 1000,
      migrations: options.migrations ?? MIGRATIONS,
      maxPageCount: options.maxPageCount,
    });
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

  /**
   * Inserts one probe result and adds it to the rollups, in one transaction,
   * with its error text passed through the redactor.
   */
  insertProbe(result: ProbeResult): void {
    this.#insertProbe.immediate(result);
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
    return logQueries.queryResilienceEvents(this.#prepare, query);
  }

  /**
   * Returns one page of the call log, newest first by id. Filters combine
   * with AND, `since` is inclusive and `until` exclusive. Pages by keyset, so
   * pass `nextCursor` as `beforeId` to get the following page. `limit`
   * defaults to 100 and is clamped to 1..1000.
   */
  queryAttempts(query: LogQuery): LogPage {
    return logQueries.queryAttempts(this.#prepare, query);
  }

  /** Returns the largest attempt id, or 0 when the call log is empty. */
  maxAttemptId(): number {
    return logQueries.maxAttemptId(this.#prepare);
  }

  /**
   * Iterates matching attempts with `afterId < id <= throughId`, oldest
   * first, at most `limit` of them, reading rows one at a time. While the
   * iterator is open the connection is busy and every other call on this
   * store throws, so consume it without awaiting in between.
   */
  iterateAttemptsAscending(
    filter: LogFilter,
    afterId: number,
    throughId: number,
    limit: number,
  ): Generator<AttemptRecord, void, undefined> {
    return logQueries.iterateAttemptsAscending(this.#prepare, filter, afterId, throughId, limit);
  }

  /**
   * Returns how many matching attempts have `afterId < id <= throughId`.
   * Counts every match, so it reads as many index entries as there are rows.
   */
  countAttempts(filter: LogFilter, afterId: number, throughId: number): number {
    return logQueries.countAttempts(this.#prepare, filter, afterId, throughId);
  }

  /**
   * Returns the attempts of one call, oldest first by start time, and the
   * breaker transitions of its provider from the first attempt's start to one
   * minute after the last attempt ended. Unknown ids give an empty list.
   */
  callDetail(callId: string): CallDetail {
    return logQueries.callDetail(this.#prepare, callId);
  }

  /**
   * Summarises the latencies of `provider`'s successful probes (status `up`
   * or `degraded`) with `now - 1h < time <= now`: the newest one and p50 and
   * p95, in milliseconds. Windows of at most `EXACT_WINDOW_LIMIT` probes get
   * the exact nearest-rank values (see `nearestRankPercentile`); larger ones
   * read the per-minute histograms (see `rollupFigures`), at most 4.4 % above
   * the exact value and never above the largest latency. Every field is null
   * when there is no such probe.
   */
  latencySummary(provider: ProviderId, now: number): LatencySummary {
    return figures.latencySummary(this.#prepare, provider, now);
  }

  /**
   * Returns the rollup figures of `provider`'s attempts (or probes) over the
   * minutes that overlap `now - windowMs < time <= now`: counts, errors and
   * histogram percentiles p50, p95, p99 and the largest latency. Its cost
   * depends on the window's minutes only. `windowMs` defaults to 24 hours.
   */
  windowFigures(provider: ProviderId, now: number, windowMs?: number, source?: 'attempt' | 'probe'): RollupFigures {
    return figures.windowFigures(this.#prepare, provider, now, windowMs, source);
  }

  /**
   * Returns the share, 0 to 1, of `provider`'s probes with
   * `now - windowMs < time <= now` whose status was `up` or `degraded`, among
   * those that were `up`, `degraded` or `down`. Probes of an unconfigured,
   * disabled or unknown provider do not count, nor do `paused` ones, which
   * the user's held-open breaker rejected. Null when none counts.
   * `windowMs` defaults to 24 hours.
   */
  uptime(provider: ProviderId, now: number, windowMs?: number): number | null {
    return figures.uptime(this.#prepare, provider, now, windowMs);
  }

  /** Returns `provider`'s newest probe by time, or null when it has none. */
  lastProbe(provider: ProviderId): ProbeResult | null {
    return figures.lastProbe(this.#prepare, provider);
  }

  /**
   * Returns the newer of `provider`'s last failed attempt (outcome `failure`)
   * and last `down` probe, with its message, or null when there is neither.
   * Rejected attempts do not count, because they repeat an earlier cause.
   */
  lastError(provider: ProviderId): { message: string; time: number } | null {
    return figures.lastError(this.#prepare, provider);
  }

  /** Returns `provider`'s most recently stored breaker transition, or null. */
  latestBreakerTransition(provider: ProviderId): BreakerTransition | null {
    return this.breakerTransitions(provider, 1)[0] ?? null;
  }

  /**
   * Returns breaker transitions newest first, of one provider or of all when
   * `provider` is undefined. `limit` defaults to 100 and is clamped to 1..1000.
   */
  breakerTransitions(provider?: ProviderId, limit?: number): BreakerTransition[] {
    return logQueries.breakerTransitions(this.#prepare, provider, limit);
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
   * Deletes at most `batchSize` rows of each kind past the retention limits,
   * each kind in its own short transaction: attempts, probes and breaker
   * transitions older than `maxAgeDays` before `now`, then the oldest
   * attempts while the file's used pages exceed `maxSizeMb`. Rollups are kept
   * for at least 24 hours so the dashboard's figures stay whole. Call it
   * again while `more` is true, yielding in between.
   */
  pruneBatch(retention: RetentionSettings, now: number, batchSize?: number): PruneResult {
    return prune.pruneBatch(this.#db, this.#prepare, retention, now, batchSize);
  }

  /**
   * Bytes of the file in use: pages times page size, without free pages.
   * Deleted rows free pages that later writes reuse, so the file itself does
   * not shrink.
   */
  usedBytes(): number {
    return prune.usedBytes(this.#db);
  }

  /**
   * Runs `PRAGMA wal_checkpoint`. `PASSIVE` copies what it can without
   * waiting; `TRUNCATE` also empties the WAL file when no reader needs it.
   */
  checkpoint(mode?: 'PASSIVE' | 'TRUNCATE'): CheckpointResult {
    return prune.checkpoint(this.#db, mode);
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

  /**
   * Runs `INSERT_ATTEMPT` for one row, with its text passed through the redactor.
   * Positional parameters, passed without an array, bind fastest on this hot path.
   */
  #insertAttempt(insert: Statement, row: AttemptRecord): void {
    insert.run(
      row.time,
      row.callId,
      row.provider,
      row.operation,
      row.method,
      this.#redact(row.url),
      row.httpStatus,
      row.latencyMs,
      row.attempt,
      row.outcome,
      row.errorClass,
      this.#redactNullable(row.errorMessage),
      row.breakerState,
      row.requestHeaders ? this.#redact(JSON.stringify(row.requestHeaders)) : null,
    );
  }

  #redactNullable(text: string | null): string | null {
    return text === null ? null : this.#redact(text);
  }
}

/**
 * The call log and health history: one SQLite file (`hub.sqlite`) in the data
 * directory, opened by one connection that does all the writing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';

import { PROVIDER_IDS } from '../../../shared/types.ts';
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
import { applyRollups, attemptDeltas, probeDelta, rollupFigures } from './rollups.ts';
import type { RollupFigures } from './rollups.ts';
import {
  attemptFilterCondition,
  ftsQuery,
  storedProbeStatus,
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

/**
 * Windows with at most this many samples get exact nearest-rank figures from
 * the raw rows; larger ones read the per-minute rollups. Either way a figure
 * reads a bounded number of rows.
 */
export const EXACT_WINDOW_LIMIT = 2000;

/** Rows deleted per transaction when the log is pruned. */
export const DEFAULT_PRUNE_BATCH = 5000;

/** WAL pages that trigger an automatic checkpoint after a commit (about 4 MB). */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

/** Size the WAL file is truncated to after a checkpoint resets it, in bytes. */
const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

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
    const migrations = options.migrations ?? MIGRATIONS;
    const db = openConnection(dataDir, path, options.busyTimeoutMs ?? 1000);
    try {
      assertHubDatabase(db, path);
      assertSupportedVersion(db, path, migrations);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
      migrate(db, path, migrations);
      if (options.maxPageCount !== undefined) {
        db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
      }
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
    const text = query.text === undefined ? null : ftsQuery(query.text);
    let sql = `SELECT * FROM attempts WHERE ${condition.sql}`;
    if (text !== null) {
      // The full-text index drives the walk, newest match first, and stops at the page end.
      sql =
        'SELECT attempts.* FROM attempts_fts CROSS JOIN attempts ON attempts.id = attempts_fts.rowid ' +
        `WHERE attempts_fts MATCH @text AND ${condition.sql}`;
      params.text = text;
    }
    if (query.beforeId !== undefined) {
      sql += text === null ? ' AND id < @beforeId' : ' AND attempts_fts.rowid < @beforeId';
      params.beforeId = query.beforeId;
    }
    sql += text === null ? ' ORDER BY id DESC LIMIT @limit' : ' ORDER BY attempts_fts.rowid DESC LIMIT @limit';

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
    const { sql, params } = this.#rangeQuery(filter, afterId, throughId);
    const ordered = `${sql} ORDER BY attempts.id LIMIT @limit`;
    for (const row of this.#statement(ordered).iterate({ ...params, limit })) {
      yield toAttemptRecord(row as AttemptRow);
    }
  }

  /**
   * Returns how many matching attempts have `afterId < id <= throughId`.
   * Counts every match, so it reads as many index entries as there are rows.
   */
  countAttempts(filter: LogFilter, afterId: number, throughId: number): number {
    const { sql, params } = this.#rangeQuery(filter, afterId, throughId);
    const counted = sql.replace(/^SELECT attempts\.\*/, 'SELECT count(*)');
    return this.#statement(counted).pluck().get(params) as number;
  }

  /**
   * Returns the attempts of one call, oldest first by start time, and the
   * breaker transitions of its provider from the first attempt's start to one
   * minute after the last attempt ended. Unknown ids give an empty list.
   */
  callDetail(callId: string): CallDetail {
    const sql = 'SELECT * FROM attempts WHERE call_id = ? ORDER BY time, id LIMIT 1000';
    const attempts = (this.#statement(sql).all(callId) as AttemptRow[]).map(toAttemptRecord);
    const first = attempts[0];
    const last = attempts.at(-1);
    if (!first || !last) return { callId, attempts, breakerEvents: [] };

    const eventSql =
      'SELECT * FROM breaker_transitions WHERE provider = ? AND time >= ? AND time <= ? ' +
      'ORDER BY id LIMIT 1000';
    const window = [first.provider, first.time, last.time + last.latencyMs + 60_000] as const;
    const events = this.#statement(eventSql).all(...window) as BreakerTransitionRow[];
    return { callId, attempts, breakerEvents: events.map(toBreakerTransition) };
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
    const since = now - HOUR_MS;
    const lastSql =
      `SELECT latency_ms FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
      `AND status IN ${RESPONDED} AND latency_ms IS NOT NULL ORDER BY time DESC, id DESC LIMIT 1`;
    const last = (this.#statement(lastSql).pluck().get(provider, since, now) as number) ?? null;
    const figures = rollupFigures(this.#prepare, 'probe', provider, since, now);
    if (figures.latencyCount > EXACT_WINDOW_LIMIT) {
      return { last, p50: figures.p50, p95: figures.p95 };
    }

    const sql =
      `SELECT latency_ms FROM probes WHERE provider = ? AND time > ? AND time <= ? ` +
      `AND status IN ${RESPONDED} AND latency_ms IS NOT NULL`;
    const latencies = this.#statement(sql).pluck().all(provider, since, now) as number[];
    const sorted = latencies.sort((a, b) => a - b);
    return {
      last,
      p50: nearestRankPercentile(sorted, 50),
      p95: nearestRankPercentile(sorted, 95),
    };
  }

  /**
   * Returns the rollup figures of `provider`'s attempts (or probes) over the
   * minutes that overlap `now - windowMs < time <= now`: counts, errors and
   * histogram percentiles p50, p95, p99 and the largest latency. Its cost
   * depends on the window's minutes only. `windowMs` defaults to 24 hours.
   */
  windowFigures(
    provider: ProviderId,
    now: number,
    windowMs: number = DAY_MS,
    source: 'attempt' | 'probe' = 'attempt',
  ): RollupFigures {
    return rollupFigures(this.#prepare, source, provider, now - windowMs, now);
  }

  /**
   * Returns the share, 0 to 1, of `provider`'s probes with
   * `now - windowMs < time <= now` whose status was `up` or `degraded`, among
   * those that were `up`, `degraded` or `down`. Probes of an unconfigured,
   * disabled or unknown provider do not count. Null when none counts.
   * `windowMs` defaults to 24 hours.
   */
  uptime(provider: ProviderId, now: number, windowMs: number = DAY_MS): number | null {
    // Large windows read the per-minute counts, which align to whole minutes.
    const figures = rollupFigures(this.#prepare, 'probe', provider, now - windowMs, now);
    const counted = figures.ok + figures.errors;
    if (counted > EXACT_WINDOW_LIMIT) return figures.ok / counted;

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
   * Deletes at most `batchSize` rows of each kind past the retention limits,
   * each kind in its own short transaction: attempts, probes and breaker
   * transitions older than `maxAgeDays` before `now`, then the oldest
   * attempts while the file's used pages exceed `maxSizeMb`. Rollups are kept
   * for at least 24 hours so the dashboard's figures stay whole. Call it
   * again while `more` is true, yielding in between.
   */
  pruneBatch(
    retention: RetentionSettings,
    now: number,
    batchSize: number = DEFAULT_PRUNE_BATCH,
  ): PruneResult {
    const result: PruneResult = { attempts: 0, probes: 0, breakerTransitions: 0, resilienceEvents: 0, rollups: 0, more: false };
    if (retention.maxAgeDays !== null) {
      const cutoff = now - retention.maxAgeDays * DAY_MS;
      result.attempts = this.#deleteOlder('attempts', cutoff, batchSize);
      result.probes = this.#deleteOlder('probes', cutoff, batchSize);
      result.breakerTransitions = this.#deleteOlder('breaker_transitions', cutoff, batchSize);
      result.resilienceEvents = this.#deleteOlder('resilience_events', cutoff, batchSize);
      result.rollups = this.#deleteOldRollups(Math.min(cutoff, now - DAY_MS));
    }
    if (retention.maxSizeMb !== null && result.attempts < batchSize) {
      const removed = this.#pruneBySize(retention.maxSizeMb * 1024 * 1024, now - DAY_MS, batchSize);
      result.attempts += removed.attempts;
      result.probes += removed.probes;
      result.resilienceEvents += removed.resilienceEvents;
    }
    const counts = [result.attempts, result.probes, result.breakerTransitions, result.resilienceEvents];
    result.more = counts.some((count) => count >= batchSize);
    return result;
  }

  /**
   * Bytes of the file in use: pages times page size, without free pages.
   * Deleted rows free pages that later writes reuse, so the file itself does
   * not shrink.
   */
  usedBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const free = this.#db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /**
   * Runs `PRAGMA wal_checkpoint`. `PASSIVE` copies what it can without
   * waiting; `TRUNCATE` also empties the WAL file when no reader needs it.
   */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): CheckpointResult {
    const [row] = this.#db.pragma(`wal_checkpoint(${mode})`) as {
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

  /** The filter, text and id range of a scan, as one query without ORDER BY or LIMIT. */
  #rangeQuery(
    filter: LogFilter,
    afterId: number,
    throughId: number,
  ): { sql: string; params: Record<string, string | number> } {
    const condition = attemptFilterCondition(filter);
    const params = { ...condition.params, afterId, throughId };
    const range = 'attempts.id > @afterId AND attempts.id <= @throughId';
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    if (text === null) {
      return { sql: `SELECT attempts.* FROM attempts WHERE ${condition.sql} AND ${range}`, params };
    }

    const sql =
      'SELECT attempts.* FROM attempts_fts CROSS JOIN attempts ON attempts.id = attempts_fts.rowid ' +
      `WHERE attempts_fts MATCH @text AND ${condition.sql} AND ${range}`;
    return { sql, params: { ...params, text } };
  }

  #deleteOlder(table: string, cutoff: number, batchSize: number): number {
    const sql = `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE time < ? LIMIT ?)`;
    return this.#runDelete(sql, cutoff, batchSize);
  }

  /** Deletes rollup minutes before `cutoff`; each provider's are a range of the primary key. */
  #deleteOldRollups(cutoff: number): number {
    const sql = 'DELETE FROM rollups WHERE source = ? AND provider = ? AND minute < ?';
    const minute = Math.floor(cutoff / 60_000);
    let deleted = 0;
    for (const source of ['attempt', 'probe']) {
      for (const provider of PROVIDER_IDS) {
        deleted += this.#statement(sql).run(source, provider, minute).changes;
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
  #pruneBySize(maxBytes: number, floor: number, batchSize: number): Pick<PruneResult, 'attempts' | 'probes' | 'resilienceEvents'> {
    if (this.usedBytes() <= maxBytes) return { attempts: 0, probes: 0, resilienceEvents: 0 };

    const oldest = (table: string) =>
      this.#runDelete(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE time < ? ORDER BY id LIMIT ?)`, floor, batchSize);
    return { attempts: oldest('attempts'), probes: oldest('probes'), resilienceEvents: oldest('resilience_events') };
  }

  #runDelete(sql: string, bound: number, batchSize: number): number {
    return this.#statement(sql).run(bound, batchSize).changes;
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

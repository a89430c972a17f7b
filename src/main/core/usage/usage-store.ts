/**
 * The usage tables of `hub.sqlite` on a connection of their own: one row per
 * successful call, rollups per local hour, day and month of one time zone,
 * and the alerts already sent. The hub store's migrations create the tables.
 */
import Database from 'better-sqlite3';
import { isTransientSqliteError } from '../store/errors.ts';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { ProviderId, UsageAlert, UsagePeriod, UsageUnit } from '../../../shared/types.ts';
import { dayWindow, monthWindow, startOfLocalHour, type TimeWindow } from './time-zone.ts';

const HOUR_MS = 3_600_000;
const PERIODS: readonly UsagePeriod[] = ['hour', 'day', 'month'];
const REBUILD_PAGE_ROWS = 10_000;

/** One stored call's usage. */
export interface UsageRecord {
  id?: number;
  callId: string;
  time: number;
  provider: ProviderId;
  operation: string;
  model: string | null;
  unit: UsageUnit;
  units: number;
  inputUnits: number;
  outputUnits: number;
  measured: boolean;
  cost: number;
  currency: string;
}

/** Sums over a bucket or window. */
export interface UsageTotals {
  calls: number;
  units: number;
  inputUnits: number;
  outputUnits: number;
  cost: number;
}

export interface RollupRow extends UsageTotals {
  start: number;
  provider: ProviderId;
}

export const EMPTY_TOTALS: UsageTotals = { calls: 0, units: 0, inputUnits: 0, outputUnits: 0, cost: 0 };

const INSERT_USAGE = `
  INSERT INTO usage (call_id, time, provider, operation, model, unit, units, input_units,
    output_units, measured, cost, currency)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const UPSERT_ROLLUP = `
  INSERT INTO usage_rollups (time_zone, period, start, provider, calls, units, input_units, output_units, cost)
  VALUES (@timeZone, @period, @start, @provider, @calls, @units, @inputUnits, @outputUnits, @cost)
  ON CONFLICT (time_zone, period, provider, start) DO UPDATE SET
    calls = calls + excluded.calls, units = units + excluded.units,
    input_units = input_units + excluded.input_units,
    output_units = output_units + excluded.output_units, cost = cost + excluded.cost`;

const TOTALS_COLUMNS = 'calls, units, input_units AS inputUnits, output_units AS outputUnits, cost';

/**
 * Bucket starts of one time zone, cached per day and hour because rows
 * arrive in time order. NOTE: a cached hour is 60 minutes long, which is
 * wrong only in a zone whose clocks shift by 30 minutes (Lord Howe Island).
 */
class BucketStarts {
  private readonly timeZone: string;
  private day: TimeWindow | null = null;
  private month: TimeWindow | null = null;
  private hour: number | null = null;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  of(time: number): Record<UsagePeriod, number> {
    if (!this.day || time < this.day.start || time >= this.day.end) this.day = dayWindow(time, this.timeZone);
    if (!this.month || time < this.month.start || time >= this.month.end) this.month = monthWindow(time, this.timeZone);
    if (this.hour === null || time < this.hour || time >= this.hour + HOUR_MS) this.hour = startOfLocalHour(time, this.timeZone);

    return { hour: this.hour, day: this.day.start, month: this.month.start };
  }
}

/** Milliseconds a recorded call waits before its batch is written. */
const FLUSH_INTERVAL_MS = 200;
/** Milliseconds a stored sum read from the file is reused. */
const STORED_TOTALS_TTL_MS = 5_000;
/** Pending records that trigger a write at once. */
const MAX_PENDING = 500;

/** The sums of queued calls in one rollup bucket. */
interface PendingBucket {
  timeZone: string;
  period: UsagePeriod;
  provider: ProviderId;
  start: number;
  totals: UsageTotals;
}


/** Runs `INSERT_USAGE` for one record, with positional parameters, which bind faster than named ones. */
function insertUsage(insert: Statement, record: UsageRecord): void {
  insert.run(
    record.callId,
    record.time,
    record.provider,
    record.operation,
    record.model,
    record.unit,
    record.units,
    record.inputUnits,
    record.outputUnits,
    record.measured ? 1 : 0,
    record.cost,
    record.currency,
  );
}

function pendingKey(timeZone: string, period: UsagePeriod, provider: ProviderId, start: number): string {
  return `${timeZone}|${period}|${provider}|${start}`;
}

export class UsageStore {
  readonly #db: SqliteDatabase;
  readonly #statements = new Map<string, Statement>();
  #buckets: BucketStarts | null = null;
  #bucketZone: string | null = null;
  /**
   * Records not written yet, and their sums per rollup bucket. Calls are
   * recorded in batches, like attempts, so a call does not wait for a
   * transaction; `totals` adds the pending sums, so limits see every call.
   */
  #pending: UsageRecord[] = [];
  #pendingTotals = new Map<string, PendingBucket>();
  /**
   * Stored sums read recently, kept for a few seconds because every call
   * reads its day and month. Another process (the CLI) writing the same
   * file shows up once an entry expires.
   */
  #storedTotals = new Map<string, { totals: UsageTotals; readAt: number }>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  private constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /** Opens a second connection to the hub database at `path`, whose schema is already migrated. */
  static open(path: string, busyTimeoutMs = 1000): UsageStore {
    const db = new Database(path, { timeout: busyTimeoutMs, fileMustExist: true });
    db.pragma('synchronous = NORMAL');
    return new UsageStore(db);
  }

  /**
   * Queues one call's usage for the hour, day and month rollups of
   * `timeZone`. It is written within 200 ms, or before any read that needs it.
   */
  insert(record: UsageRecord, timeZone: string): void {
    this.#pending.push(record);
    const starts = this.#bucketsOf(timeZone).of(record.time);
    for (const period of PERIODS) {
      const key = pendingKey(timeZone, period, record.provider, starts[period]);
      let bucket = this.#pendingTotals.get(key);
      if (!bucket) {
        bucket = { timeZone, period, provider: record.provider, start: starts[period], totals: { ...EMPTY_TOTALS } };
        this.#pendingTotals.set(key, bucket);
      }
      const sums = bucket.totals;
      sums.calls += 1;
      sums.units += record.units;
      sums.inputUnits += record.inputUnits;
      sums.outputUnits += record.outputUnits;
      sums.cost += record.cost;
    }

    if (this.#pending.length >= MAX_PENDING) this.flush();
    else this.#timer ??= setTimeout(() => this.#flushLater(), FLUSH_INTERVAL_MS).unref();
  }

  #stored(key: string, timeZone: string, period: UsagePeriod, provider: ProviderId, start: number): UsageTotals {
    const now = Date.now();
    const cached = this.#storedTotals.get(key);
    if (cached && now - cached.readAt < STORED_TOTALS_TTL_MS) return cached.totals;

    const sql = `SELECT ${TOTALS_COLUMNS} FROM usage_rollups WHERE time_zone = ? AND period = ? AND provider = ? AND start = ?`;
    const row = this.#statement(sql).get(timeZone, period, provider, start) as UsageTotals | undefined;
    const totals = row ?? { ...EMPTY_TOTALS };
    if (this.#storedTotals.size > 1_000) this.#storedTotals.clear();
    this.#storedTotals.set(key, { totals, readAt: now });
    return totals;
  }

  /** A scheduled flush: a locked or full database keeps the records and tries again. */
  #flushLater(): void {
    this.#timer = null;
    try {
      this.flush();
    } catch (error) {
      if (!isTransientSqliteError(error)) throw error;

      this.#timer = setTimeout(() => this.#flushLater(), FLUSH_INTERVAL_MS).unref();
    }
  }

  /** Writes the queued records in one transaction. A failed write keeps them for the next try. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.length === 0) return;

    const batch = this.#pending;
    const buckets = [...this.#pendingTotals.values()];
    this.#db.transaction(() => {
      const insert = this.#statement(INSERT_USAGE);
      for (const record of batch) insertUsage(insert, record);
      // One upsert per rollup bucket of the batch, not three per call.
      const upsert = this.#statement(UPSERT_ROLLUP);
      for (const { timeZone, period, provider, start, totals } of buckets) upsert.run({ timeZone, period, provider, start, ...totals });
    }).immediate();
    this.#pending = [];
    // The written sums are stored now, so cached reads would miss them.
    this.#storedTotals.clear();
    this.#pendingTotals.clear();
  }

  /**
   * Makes the rollups match `timeZone`: when they were built for another zone
   * (the user or the machine changed it), deletes them and rebuilds them from
   * the usage table in one transaction. Returns whether it rebuilt.
   */
  useTimeZone(timeZone: string): boolean {
    this.flush();
    const zones = this.#statement('SELECT DISTINCT time_zone FROM usage_rollups').pluck().all() as string[];
    if (zones.length === 0 || (zones.length === 1 && zones[0] === timeZone)) {
      if (zones.length === 0 && this.#hasUsage()) this.#rebuild(timeZone);
      return zones.length === 0 && this.#hasUsage();
    }

    this.#rebuild(timeZone);
    return true;
  }

  /** Sums of `provider` in the bucket of `period` that starts at `start`. */
  totals(timeZone: string, period: UsagePeriod, provider: ProviderId, start: number): UsageTotals {
    const key = pendingKey(timeZone, period, provider, start);
    const stored = this.#stored(key, timeZone, period, provider, start);
    const pending = this.#pendingTotals.get(key)?.totals;
    if (!pending) return stored;

    return {
      calls: stored.calls + pending.calls,
      units: stored.units + pending.units,
      inputUnits: stored.inputUnits + pending.inputUnits,
      outputUnits: stored.outputUnits + pending.outputUnits,
      cost: stored.cost + pending.cost,
    };
  }

  /** Rollup rows of `period` with `since <= start < until`, ordered by start. */
  rollups(timeZone: string, period: UsagePeriod, since: number, until: number): RollupRow[] {
    this.flush();
    const sql =
      `SELECT start, provider, ${TOTALS_COLUMNS} FROM usage_rollups ` +
      'WHERE time_zone = ? AND period = ? AND start >= ? AND start < ? ORDER BY start';
    return this.#statement(sql).all(timeZone, period, since, until) as RollupRow[];
  }

  /** Starts of the months of `timeZone` with recorded usage, queued calls included, in no particular order. */
  monthStarts(timeZone: string): number[] {
    const sql = "SELECT DISTINCT start FROM usage_rollups WHERE time_zone = ? AND period = 'month'";
    const stored = this.#statement(sql).pluck().all(timeZone) as number[];
    const pending = [...this.#pendingTotals.values()].filter((bucket) => bucket.timeZone === timeZone && bucket.period === 'month').map((bucket) => bucket.start);
    return [...new Set([...stored, ...pending])];
  }

  /** Up to `limit` usage rows with `since <= time < until` and `id > afterId`, oldest id first. */
  page(since: number, until: number, afterId: number, limit: number): UsageRecord[] {
    this.flush();
    const sql =
      'SELECT id, call_id AS callId, time, provider, operation, model, unit, units, input_units AS inputUnits, ' +
      'output_units AS outputUnits, measured, cost, currency FROM usage ' +
      'WHERE time >= ? AND time < ? AND id > ? ORDER BY id LIMIT ?';
    const rows = this.#statement(sql).all(since, until, afterId, limit) as (Omit<UsageRecord, 'measured'> & { measured: number })[];
    return rows.map((row) => ({ ...row, measured: row.measured === 1 }));
  }

  /** Usage rows of one call: one, or none when the call failed. */
  byCall(callId: string): UsageRecord[] {
    this.flush();
    const sql = 'SELECT id FROM usage WHERE call_id = ?';
    const ids = this.#statement(sql).pluck().all(callId) as number[];
    return ids.flatMap((id) => this.page(0, Number.MAX_SAFE_INTEGER, id - 1, 1));
  }

  /** Stores an alert under `key` unless one is stored already; returns whether it was new. */
  addAlert(key: string, alert: UsageAlert, windowEnd: number): boolean {
    const sql =
      'INSERT INTO usage_alerts (key, time, provider, metric, threshold, window_label, window_end, alert) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING';
    const result = this.#statement(sql).run(key, alert.time, alert.provider, alert.metric, alert.threshold, alert.window, windowEnd, JSON.stringify(alert));
    return result.changes === 1;
  }

  /** Alerts whose window has not ended at `now`, newest first. */
  activeAlerts(now: number): UsageAlert[] {
    const sql = 'SELECT alert FROM usage_alerts WHERE window_end > ? ORDER BY time DESC, rowid DESC LIMIT 100';
    return (this.#statement(sql).pluck().all(now) as string[]).map((text) => JSON.parse(text) as UsageAlert);
  }

  close(): void {
    if (!this.#db.open) return;

    this.flush();
    this.#statements.clear();
    this.#db.close();
  }

  #hasUsage(): boolean {
    return this.#statement('SELECT EXISTS (SELECT 1 FROM usage)').pluck().get() === 1;
  }

  #bucketsOf(timeZone: string): BucketStarts {
    if (this.#bucketZone !== timeZone || !this.#buckets) {
      this.#buckets = new BucketStarts(timeZone);
      this.#bucketZone = timeZone;
    }
    return this.#buckets;
  }

  #addToRollups(record: UsageRecord, timeZone: string, buckets = this.#bucketsOf(timeZone)): void {
    const starts = buckets.of(record.time);
    const upsert = this.#statement(UPSERT_ROLLUP);
    for (const period of PERIODS) {
      upsert.run({
        timeZone,
        period,
        start: starts[period],
        provider: record.provider,
        calls: 1,
        units: record.units,
        inputUnits: record.inputUnits,
        outputUnits: record.outputUnits,
        cost: record.cost,
      });
    }
  }

  #rebuild(timeZone: string): void {
    this.#storedTotals.clear();
    const sql =
      'SELECT id, time, provider, units, input_units AS inputUnits, output_units AS outputUnits, cost ' +
      'FROM usage WHERE id > ? ORDER BY id LIMIT ?';
    this.#db.transaction(() => {
      this.#statement('DELETE FROM usage_rollups').run();
      const buckets = new BucketStarts(timeZone);
      // Pages keep memory flat with months of rows; a statement must finish before the connection writes.
      for (let afterId = 0, rows = this.#readPage(sql, afterId); rows.length > 0; rows = this.#readPage(sql, afterId)) {
        for (const row of rows) this.#addToRollups(row, timeZone, buckets);
        afterId = rows.at(-1)?.id ?? afterId;
      }
    }).immediate();
  }

  #readPage(sql: string, afterId: number): UsageRecord[] {
    return this.#statement(sql).all(afterId, REBUILD_PAGE_ROWS) as UsageRecord[];
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

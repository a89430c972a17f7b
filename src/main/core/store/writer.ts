/**
 * A write-behind queue for the call log: callers enqueue attempts on the
 * request path, and a timer writes them in batches, one transaction each.
 */
import type { AttemptRecord } from '../../../shared/types.ts';
import type { Clock, TimerHandle } from '../ports.ts';
import { isTransientSqliteError, StoreError } from './errors.ts';

/** Destination of the writer's rows: `HubStore` in the app. */
export interface AttemptSink<Row = AttemptRecord> {
  /** Writes all rows in one transaction, or throws and writes none. */
  insertAttempts(rows: readonly Row[]): void;
}

export interface AttemptWriterOptions {
  /** Milliseconds between scheduled flushes, and before a failed flush is retried. Default 200. */
  flushIntervalMs?: number;
  /** Rows per transaction; this many waiting rows trigger a flush at once. Default 500. */
  maxBatch?: number;
  /** Rows kept while flushes fail; past this the oldest rows are dropped. Default 50,000. */
  maxQueued?: number;
  /** Timers; tests pass a fake clock. Default: Node's timers. */
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /**
   * Called for every failed flush and every drop, with the number of rows
   * dropped since the previous call (0 when the rows stay queued for a
   * retry). Drops without a failed write come with a `store_rows_dropped`
   * StoreError. Errors thrown by the callback are ignored.
   */
  onError?: (error: unknown, droppedCount: number) => void;
}

const nodeClock: Pick<Clock, 'setTimeout' | 'clearTimeout'> = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Dropped rows at the head of the queue are sliced off once there are this many. */
const COMPACT_THRESHOLD = 1024;

/**
 * Queues attempts and writes them to an `AttemptSink` off the request path:
 * every `flushIntervalMs`, or at once (on a 0 ms timer) when `maxBatch` rows
 * wait. A flush that fails with a transient SQLite error (`SQLITE_BUSY`,
 * `SQLITE_LOCKED`, `SQLITE_FULL`, `SQLITE_IOERR`) keeps the rows and retries
 * on the next tick. Any other error drops only the rows that fail on their
 * own. The timer is unref'd, so a pending flush never keeps the process alive.
 * `Row` defaults to the attempt record; the resilience event log uses the same writer.
 */
export class AttemptWriter<Row = AttemptRecord> {
  readonly #sink: AttemptSink<Row>;
  readonly #flushIntervalMs: number;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  readonly #clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  readonly #onError: (error: unknown, droppedCount: number) => void;
  // Rows before #head are written or dropped. They are sliced off in bulk by #advance.
  #queue: Row[] = [];
  #head = 0;
  #timer: TimerHandle | null = null;
  #timerDelay = 0;
  #unreportedDrops = 0;
  #droppedTotal = 0;
  #closed = false;

  constructor(sink: AttemptSink<Row>, options: AttemptWriterOptions = {}) {
    this.#sink = sink;
    this.#flushIntervalMs = options.flushIntervalMs ?? 200;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 500);
    this.#maxQueued = Math.max(1, options.maxQueued ?? 50_000);
    this.#clock = options.clock ?? nodeClock;
    this.#onError = options.onError ?? (() => {});
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /** Rows dropped since the writer was created, because the queue was full or a row was invalid. */
  get dropped(): number {
    return this.#droppedTotal;
  }

  /**
   * Queues one attempt and returns at once. Never throws. When `maxQueued`
   * rows already wait, drops the oldest. After `close()` the row is dropped.
   */
  enqueue(row: Row): void {
    if (this.#closed) {
      this.#countDrops(1);
      this.#report(new StoreError('store_rows_dropped', 'The attempt writer is closed.'));
      return;
    }

    this.#queue.push(row);
    if (this.pending > this.#maxQueued) {
      this.#head += 1;
      this.#countDrops(1);
    }
    this.#schedule(this.pending >= this.#maxBatch ? 0 : this.#flushIntervalMs);
  }

  /**
   * Writes every queued row now, `maxBatch` rows per transaction. Returns
   * true when the queue is empty afterwards. On a transient failure the rows
   * stay queued, `onError` is called and, unless the writer is closed, a
   * retry is scheduled. Never throws.
   */
  flush(): boolean {
    while (this.pending > 0) {
      if (!this.#writeBatch()) {
        this.#schedule(this.#flushIntervalMs);
        return false;
      }
    }
    this.#reportDrops();
    return true;
  }

  /**
   * Stops the timer and flushes every queued row. Rows that still cannot be
   * written are reported through `onError` and stay in memory only. Later
   * calls to `enqueue` drop their rows.
   */
  close(): void {
    this.#closed = true;
    this.#cancelTimer();
    this.flush();
  }

  #tick(): void {
    this.#timer = null;
    if (!this.#writeBatch()) {
      this.#schedule(this.#flushIntervalMs);
      return;
    }

    this.#reportDrops();
    if (this.pending > 0) this.#schedule(0);
  }

  /** Writes the oldest `maxBatch` rows. Returns false when they stay queued for a retry. */
  #writeBatch(): boolean {
    const batch = this.#queue.slice(this.#head, this.#head + this.#maxBatch);
    try {
      this.#sink.insertAttempts(batch);
    } catch (error) {
      if (isTransientSqliteError(error)) {
        this.#report(error);
        return false;
      }

      return this.#writeRowByRow(batch, error);
    }
    this.#advance(batch.length);
    return true;
  }

  /**
   * Writes a batch that failed with a non-transient error one row at a time,
   * so one invalid row does not take the others with it. Returns false when
   * a transient error stops it, and the unwritten rows then stay queued.
   */
  #writeRowByRow(batch: readonly Row[], batchError: unknown): boolean {
    let lastError = batchError;
    for (const row of batch) {
      try {
        this.#sink.insertAttempts([row]);
      } catch (error) {
        if (isTransientSqliteError(error)) {
          this.#report(error);
          return false;
        }

        this.#countDrops(1);
        lastError = error;
      }
      this.#advance(1);
    }
    this.#report(lastError);
    return true;
  }

  #advance(count: number): void {
    this.#head += count;
    if (this.#head >= COMPACT_THRESHOLD && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #countDrops(count: number): void {
    this.#unreportedDrops += count;
    this.#droppedTotal += count;
  }

  #reportDrops(): void {
    if (this.#unreportedDrops === 0) return;

    const message =
      `Dropped ${this.#unreportedDrops} call log rows because ${this.#maxQueued} rows ` +
      'were already waiting to be written.';
    this.#report(new StoreError('store_rows_dropped', message));
  }

  #report(error: unknown): void {
    const dropped = this.#unreportedDrops;
    this.#unreportedDrops = 0;
    try {
      this.#onError(error, dropped);
    } catch {
      // The callback's own failure must not stop the writer.
    }
  }

  /** Makes sure a flush runs within `delay` ms, keeping an earlier timer. */
  #schedule(delay: number): void {
    if (this.#closed) return;
    if (this.#timer !== null && this.#timerDelay <= delay) return;

    this.#cancelTimer();
    this.#timerDelay = delay;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), delay);
    this.#timer.unref?.();
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;

    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

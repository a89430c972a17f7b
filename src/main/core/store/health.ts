/**
 * Whether the call log is being written, for the banner in the app: the
 * failures of the attempt writer and of probe and breaker writes, turned
 * into one state with a sentence for the user and rate-limited log lines.
 */
import type { StoreHealth } from '../../../shared/types.ts';
import type { Logger } from '../ports.ts';
import { isStoreError, sqliteCode } from './errors.ts';

export interface StoreHealthOptions {
  /** Path of the database file, named in messages. */
  path: string;
  logger: Logger;
  /** Epoch milliseconds. */
  now(): number;
  /** Rows waiting in the attempt writer and rows it dropped so far. */
  queue(): { pendingRows: number; droppedRows: number };
  /** Called when the state changes: at once when `ok` or the cause flips, else at most once a second. */
  onChange(health: StoreHealth): void;
  /** Milliseconds between repeated log lines of an ongoing failure. Default 60,000. */
  logIntervalMs?: number;
}

/** Least time between two change events that only update the counts, in milliseconds. */
const COUNT_EVENT_INTERVAL_MS = 1000;

/**
 * Tracks the write health of the store. Call `failed` for every failed
 * write and `written` after every successful one; read `health` at any time.
 */
export class StoreHealthMonitor {
  readonly #options: StoreHealthOptions;
  readonly #logIntervalMs: number;
  #ok = true;
  #code: string | null = null;
  #message: string | null = null;
  #since: number | null = null;
  #lastLogAt = Number.NEGATIVE_INFINITY;
  #suppressedLines = 0;
  #lastEventAt = Number.NEGATIVE_INFINITY;
  #lastDropped = 0;

  constructor(options: StoreHealthOptions) {
    this.#options = options;
    this.#logIntervalMs = options.logIntervalMs ?? 60_000;
  }

  /** The current state, with the writer's counts read now. */
  get health(): StoreHealth {
    const { pendingRows, droppedRows } = this.#options.queue();
    return { ok: this.#ok, message: this.#message, code: this.#code, pendingRows, droppedRows, since: this.#since };
  }

  /** Records a failed write of `what` (such as `attempts` or `a probe`). */
  failed(error: unknown, what: string = 'attempts'): void {
    const code = sqliteCode(error) ?? (isStoreError(error) ? error.code : 'unknown');
    const flipped = this.#ok || code !== this.#code;
    if (code === 'store_rows_dropped' && !this.#ok) {
      // Drops during an outage keep the outage's cause; the count shows them.
      this.#log(error, what, false);
      this.#emit(false);
      return;
    }

    this.#ok = false;
    this.#code = code;
    this.#message = describeFailure(code, error, this.#options.path);
    this.#since ??= this.#options.now();
    this.#log(error, what, flipped);
    this.#emit(flipped);
  }

  /** Records a successful write. Ends a failure, and logs that once. */
  written(): void {
    const dropped = this.#options.queue().droppedRows;
    if (this.#ok && this.#code === null && dropped === this.#lastDropped) return;

    const wasFailing = !this.#ok;
    this.#ok = true;
    this.#code = null;
    this.#message = null;
    this.#since = null;
    if (wasFailing) {
      this.#options.logger.log('info', 'store', 'Writing the call log works again', { dropped });
      this.#lastLogAt = Number.NEGATIVE_INFINITY;
    }
    this.#emit(true);
  }

  #log(error: unknown, what: string, force: boolean): void {
    const now = this.#options.now();
    if (!force && now - this.#lastLogAt < this.#logIntervalMs) {
      this.#suppressedLines += 1;
      return;
    }

    const { pendingRows, droppedRows } = this.#options.queue();
    const fields = { what, code: this.#code, pendingRows, droppedRows, repeats: this.#suppressedLines };
    this.#options.logger.log('error', 'store', 'Writing the call log failed', fields, error);
    this.#lastLogAt = now;
    this.#suppressedLines = 0;
  }

  #emit(force: boolean): void {
    const now = this.#options.now();
    const health = this.health;
    if (!force && now - this.#lastEventAt < COUNT_EVENT_INTERVAL_MS) return;

    this.#lastEventAt = now;
    this.#lastDropped = health.droppedRows;
    this.#options.onChange(health);
  }
}

/** A sentence naming what is not logged, why, and the fix. */
function describeFailure(code: string, error: unknown, path: string): string {
  const reason = error instanceof Error ? error.message : String(error);
  const waiting = 'Calls keep working; their attempts wait in memory and are written once it recovers.';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return (
      `The call log ${path} is locked by another program, so attempts are not being logged. ` +
      `${waiting} Close the program that holds the file open, such as a database browser.`
    );
  }
  if (code.startsWith('SQLITE_FULL')) {
    return (
      `The disk holding the call log ${path} is full, so attempts are not being logged. ` +
      `${waiting} Free disk space or lower the log retention.`
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `Writing the call log ${path} failed with a disk error (${reason}). ${waiting}`;
  }
  if (code === 'store_rows_dropped') {
    return `Some attempts were not logged: ${reason}`;
  }
  return `Writing the call log ${path} failed: ${reason}. Some attempts may not be logged.`;
}

/**
 * Store writes other than attempts (probe results, breaker transitions and
 * snapshots) that wait out a locked or full database instead of being lost.
 * Attempts have their own batching writer; these are few, so each waits as
 * a closure and they are retried in order.
 */
import type { Clock, TimerHandle } from '../ports.ts';
import { isTransientSqliteError } from './errors.ts';

export interface DeferredWritesOptions {
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Called for every failed write, with what it was (such as `a probe`). */
  onFailed(error: unknown, what: string): void;
  /** Milliseconds between retries while writes wait. Default 1000. */
  retryMs?: number;
  /** Writes kept while the database fails; past this the oldest are dropped. Default 5000. */
  maxPending?: number;
}

interface PendingWrite {
  what: string;
  write: () => void;
}

export class DeferredWrites {
  readonly #options: DeferredWritesOptions;
  #pending: PendingWrite[] = [];
  #dropped = 0;
  #timer: TimerHandle | null = null;

  constructor(options: DeferredWritesOptions) {
    this.#options = options;
  }

  /** Writes waiting for the database. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Writes dropped because too many waited. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Runs `write` now, or after the writes that already wait, so their order
   * holds. A transient SQLite failure (busy, locked, full, I/O) keeps it for
   * a retry; any other failure is reported and the write is dropped.
   */
  run(what: string, write: () => void): void {
    this.#pending.push({ what, write });
    if (this.#pending.length > (this.#options.maxPending ?? 5_000)) {
      this.#pending.shift();
      this.#dropped += 1;
    }
    this.flush();
  }

  /** Tries every waiting write in order; stops at the first transient failure. */
  flush(): void {
    while (this.#pending.length > 0) {
      const next = this.#pending[0] as PendingWrite;
      try {
        next.write();
      } catch (error) {
        this.#options.onFailed(error, next.what);
        if (isTransientSqliteError(error)) {
          this.#schedule();
          return;
        }
      }
      this.#pending.shift();
    }
  }

  dispose(): void {
    if (this.#timer) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(): void {
    if (this.#timer) return;

    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, this.#options.retryMs ?? 1_000);
    this.#timer.unref?.();
  }
}

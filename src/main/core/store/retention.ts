/**
 * Deletes call log rows past the retention limits in small batches on a
 * timer, and keeps the WAL file bounded with periodic checkpoints.
 */
import type { RetentionSettings } from '../../../shared/types.ts';
import type { Clock, TimerHandle } from '../ports.ts';
import { DEFAULT_PRUNE_BATCH } from './prune.ts';
import type { PruneResult } from './prune.ts';
import type { HubStore } from './store.ts';

export interface RetentionPrunerOptions {
  clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** The limits in force, read before every batch. */
  retention(): RetentionSettings;
  /** Milliseconds between pruning runs and checkpoints. Default 60,000. */
  intervalMs?: number;
  /** Pause between two batches of one run, in milliseconds, so calls and writes go first. Default 20. */
  yieldMs?: number;
  /** Rows per delete transaction. Default 5000. */
  batchSize?: number;
  /** Called when a batch or checkpoint fails; the pruner tries again on the next run. */
  onError?(error: unknown): void;
}

type PrunableStore = Pick<HubStore, 'pruneBatch' | 'checkpoint'>;

/**
 * Runs retention on a timer: each run deletes batches of `batchSize` rows,
 * yielding `yieldMs` between batches, and then checkpoints the WAL (with
 * `TRUNCATE` after a run that deleted rows, `PASSIVE` otherwise). The timer
 * is unref'd and cleared by `stop`.
 */
export class RetentionPruner {
  readonly #store: PrunableStore;
  readonly #options: RetentionPrunerOptions;
  #timer: TimerHandle | null = null;
  #deletedThisRun = 0;
  #running = false;

  constructor(store: PrunableStore, options: RetentionPrunerOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Schedules the first run after `delayMs` (default: at once, on a 0 ms timer). */
  start(delayMs: number = 0): void {
    this.#running = true;
    this.#schedule(delayMs);
  }

  /** Cancels the timer. A batch in progress finishes, because batches are synchronous. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== null) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Deletes one batch now, and checkpoints when nothing is left to delete. */
  runBatch(): PruneResult {
    const { clock, retention, batchSize = DEFAULT_PRUNE_BATCH } = this.#options;
    const result = this.#store.pruneBatch(retention(), clock.now(), batchSize);
    this.#deletedThisRun += result.attempts + result.probes + result.breakerTransitions;
    if (!result.more) {
      this.#store.checkpoint(this.#deletedThisRun > 0 ? 'TRUNCATE' : 'PASSIVE');
      this.#deletedThisRun = 0;
    }
    return result;
  }

  #tick(): void {
    this.#timer = null;
    let more = false;
    try {
      more = this.runBatch().more;
    } catch (error) {
      this.#deletedThisRun = 0;
      this.#options.onError?.(error);
    }
    this.#schedule(more ? (this.#options.yieldMs ?? 20) : (this.#options.intervalMs ?? 60_000));
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;

    this.#timer = this.#options.clock.setTimeout(() => this.#tick(), delayMs);
    this.#timer.unref?.();
  }
}

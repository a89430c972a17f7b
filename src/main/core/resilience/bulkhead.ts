/**
 * Bulkhead for one provider. At most `maxConcurrent` calls run at once and
 * up to `maxQueue` more wait in FIFO order. Any call beyond that is rejected
 * at once, so a slow provider cannot take every socket of the hub.
 */
import type { ProviderId } from '../../../shared/types.ts';
import { BulkheadFullError, abortReason } from './errors.ts';

export interface BulkheadOptions {
  provider: ProviderId;
  /** Calls that may run at once; at least 1. */
  maxConcurrent: number;
  /** Calls that may wait for a slot; 0 or more. */
  maxQueue: number;
}

interface QueuedCall {
  start: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class Bulkhead {
  readonly provider: ProviderId;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  #running = 0;
  #queue: QueuedCall[] = [];

  constructor(options: BulkheadOptions) {
    validate(options);
    this.provider = options.provider;
    this.maxConcurrent = options.maxConcurrent;
    this.maxQueue = options.maxQueue;
  }

  /** Calls running now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Runs `fn` when a slot is free and settles like it. Rejects at once with
   * a `BulkheadFullError` when every slot and queue place is taken, and with
   * the abort reason when `signal` aborts while the call waits in the queue.
   * A running call is cancelled only through the signal `fn` receives.
   */
  run<T>(fn: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#running < this.maxConcurrent) return this.#execute(fn, signal);
    if (this.#queue.length >= this.maxQueue) {
      const error = new BulkheadFullError(this.provider, this.maxConcurrent, this.maxQueue);

      return Promise.reject(error);
    }

    return new Promise<T>((resolve, reject) => {
      const call: QueuedCall = {
        start: () => this.#execute(fn, signal).then(resolve, reject),
        reject,
        signal,
        onAbort: () => this.#leave(call),
      };
      signal?.addEventListener('abort', call.onAbort, { once: true });
      this.#queue.push(call);
    });
  }

  async #execute<T>(fn: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.#running++;
    try {
      return await fn(signal);
    } finally {
      this.#running--;
      this.#startNext();
    }
  }

  #startNext(): void {
    const next = this.#queue.shift();
    if (!next) return;

    next.signal?.removeEventListener('abort', next.onAbort);
    next.start();
  }

  #leave(call: QueuedCall): void {
    const index = this.#queue.indexOf(call);
    if (index < 0) return;

    this.#queue.splice(index, 1);
    call.reject(abortReason(call.signal!));
  }
}

function validate(options: BulkheadOptions): void {
  if (!(Number.isInteger(options.maxConcurrent) && options.maxConcurrent >= 1)) {
    throw new RangeError(
      `Invalid maxConcurrent ${options.maxConcurrent} for ${options.provider}: use a whole number of at least 1.`,
    );
  }
  if (!(Number.isInteger(options.maxQueue) && options.maxQueue >= 0)) {
    throw new RangeError(
      `Invalid maxQueue ${options.maxQueue} for ${options.provider}: use a whole number of 0 or more.`,
    );
  }
}

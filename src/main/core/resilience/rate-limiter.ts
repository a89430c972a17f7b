/**
 * Token-bucket rate limiter for one provider. Calls take a token each; tokens
 * refill at `ratePerSec` up to `burst`. Callers that find no token wait in
 * FIFO order. The provider's own rate-limit headers can lower the budget
 * further until their reset time.
 */
import type { ProviderId } from '../../../shared/types.ts';
import { clampDelay, keepAlive, systemClock } from '../clock.ts';
import type { Clock, TimerHandle } from '../ports.ts';
import { CancelledError, abortReason } from './errors.ts';
import { Emitter, type Listener, type ThrottleEvent } from './events.ts';

export interface TokenBucketOptions {
  provider: ProviderId;
  /** Tokens added per second; above 0. */
  ratePerSec: number;
  /** Most tokens the bucket holds, which is the largest burst of calls; at least 1. */
  burst: number;
  /** Default: `systemClock`. */
  clock?: Clock;
}

/** Quota reported by a provider's response headers, as returned by `parseRateLimitHeaders`. */
export interface QuotaHint {
  /** Requests left in the provider's current window. */
  remaining: number | null;
  /** Milliseconds until that window resets. */
  resetMs: number | null;
  /**
   * Tokens this bucket granted after the call whose response carried the
   * headers: the provider had not counted them yet. Default 0.
   */
  sentSince?: number;
}

/** A limit the provider announces, such as Mapbox's `X-Rate-Limit-Limit` per `X-Rate-Limit-Interval`. */
export interface PaceHint {
  /** Requests allowed per window. */
  limit: number;
  /** Length of the window, in milliseconds. */
  windowMs: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class TokenBucket {
  readonly provider: ProviderId;
  readonly #configured: { rate: number; burst: number };
  #rate: number;
  #burst: number;
  #granted = 0;
  readonly #clock: Clock;
  readonly #events = new Emitter<ThrottleEvent>();
  #tokens: number;
  #refilledAt: number;
  #queue: Waiter[] = [];
  #timer: TimerHandle | null = null;
  // The provider's own budget until `resetAt`, from its response headers.
  #quota: { remaining: number; resetAt: number } | null = null;

  constructor(options: TokenBucketOptions) {
    validate(options);
    this.provider = options.provider;
    this.#configured = { rate: options.ratePerSec, burst: options.burst };
    this.#rate = options.ratePerSec;
    this.#burst = options.burst;
    this.#clock = options.clock ?? systemClock;
    this.#tokens = options.burst;
    this.#refilledAt = this.#clock.now();
  }

  /** Number of callers waiting for a token. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Tokens granted since the bucket was created; a call notes it to report `sentSince`. */
  get granted(): number {
    return this.#granted;
  }

  /** The pace in force: the configured one, or the provider's announced one when slower. */
  get pace(): { ratePerSec: number; burst: number } {
    return { ratePerSec: this.#rate, burst: this.#burst };
  }

  /** Subscribes to throttle events; the returned function unsubscribes. */
  on(listener: Listener<ThrottleEvent>): () => void {
    return this.#events.on(listener);
  }

  /**
   * Resolves when the caller may send one call. Waiters are served in the
   * order they arrived, and a new caller never passes one that waits. When
   * `signal` aborts, the caller leaves the queue and the promise rejects
   * with the abort reason.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#queue.length === 0 && this.#take()) return Promise.resolve();

    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: () => this.#leave(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#emitThrottle();
      this.#schedule();
    });
  }

  /**
   * Applies the provider's quota headers: with `remaining` calls left until
   * `resetMs` from now, the bucket grants at most that many tokens before
   * the reset, and none when `remaining` is 0. Hints without both fields, or
   * with negative or non-finite values, are ignored.
   */
  updateFromHeaders(hint: QuotaHint): void {
    const { remaining, resetMs } = hint;
    if (!isCount(remaining) || !isCount(resetMs)) return;

    // Calls sent after the one that got this answer may not be in `remaining` yet.
    const unseen = Math.max(0, hint.sentSince ?? 0);
    this.#quota = { remaining: Math.max(0, remaining - unseen), resetAt: this.#clock.now() + resetMs };
    if (this.#queue.length > 0) this.#schedule();
  }

  /**
   * Applies the provider's announced limit: the bucket refills no faster than
   * `limit` per `windowMs` and holds at most `limit` tokens, unless the
   * configured pace is slower. Invalid hints are ignored.
   */
  updatePace(hint: PaceHint): void {
    const { limit, windowMs } = hint;
    if (!(Number.isFinite(limit) && limit >= 1 && Number.isFinite(windowMs) && windowMs > 0)) return;

    this.#refill();
    this.#rate = Math.min(this.#configured.rate, (limit * 1000) / windowMs);
    this.#burst = Math.min(this.#configured.burst, limit);
    this.#tokens = Math.min(this.#tokens, this.#burst);
    if (this.#queue.length > 0) this.#schedule();
  }

  /** Rejects every waiter with a `CancelledError` and clears the timer. */
  dispose(): void {
    this.#cancelTimer();
    const waiters = this.#queue;
    this.#queue = [];
    for (const waiter of waiters) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(new CancelledError(`The ${this.provider} rate limiter was disposed.`));
    }
  }

  #take(): boolean {
    this.#refill();
    if (this.#tokens < 1 || this.#quotaExhausted()) return false;

    this.#tokens -= 1;
    this.#granted += 1;
    if (this.#quota) this.#quota.remaining -= 1;

    return true;
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#refilledAt);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
    this.#refilledAt = now;
    if (this.#quota && now >= this.#quota.resetAt) this.#quota = null;
  }

  #quotaExhausted(): boolean {
    return this.#quota !== null && this.#quota.remaining <= 0;
  }

  /** Milliseconds until the first waiter can take a token. */
  #waitMs(): number {
    this.#refill();
    const tokenWait = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.#rate;
    const quotaWait = this.#quotaExhausted() ? this.#quota!.resetAt - this.#clock.now() : 0;

    return Math.max(tokenWait, quotaWait);
  }

  #drain(): void {
    this.#timer = null;
    while (this.#queue.length > 0 && this.#take()) {
      const waiter = this.#queue.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    if (this.#queue.length > 0) this.#schedule();
  }

  #schedule(): void {
    this.#cancelTimer();
    this.#timer = this.#clock.setTimeout(() => this.#drain(), clampDelay(this.#waitMs()));
    // The timer runs only while callers wait, and they await it.
    keepAlive(this.#timer);
  }

  #leave(waiter: Waiter): void {
    const index = this.#queue.indexOf(waiter);
    if (index < 0) return;

    this.#queue.splice(index, 1);
    if (this.#queue.length === 0) this.#cancelTimer();
    waiter.reject(abortReason(waiter.signal!));
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;

    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emitThrottle(): void {
    // An estimate: the first waiter's wait plus one refill interval per waiter ahead.
    const ahead = this.#queue.length - 1;
    const delayMs = Math.ceil(this.#waitMs() + (ahead * 1000) / this.#rate);
    const time = this.#clock.now();
    this.#events.emit({ type: 'throttle', provider: this.provider, time, delayMs });
  }
}

function isCount(value: number | null): value is number {
  return value !== null && Number.isFinite(value) && value >= 0;
}

function validate(options: TokenBucketOptions): void {
  if (!(Number.isFinite(options.ratePerSec) && options.ratePerSec > 0)) {
    throw new RangeError(
      `Invalid ratePerSec ${options.ratePerSec} for ${options.provider}: use calls per second above 0.`,
    );
  }
  if (!(Number.isFinite(options.burst) && options.burst >= 1)) {
    throw new RangeError(
      `Invalid burst ${options.burst} for ${options.provider}: use a number of calls of at least 1.`,
    );
  }
}

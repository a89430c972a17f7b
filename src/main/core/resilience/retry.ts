/**
 * Retry with backoff for one logical call to a provider.
 *
 * p-retry 9 runs the attempt loop from the first failure on (the first
 * attempt runs on its own, see `retryCall`). It counts attempts against `retries` and
 * stops at once on an aborted signal. It never retries a TypeError other
 * than a network error, because that is a bug in the caller rather than a
 * provider failure. p-retry cannot wait a server-given delay per attempt
 * (its delay comes only from minTimeout, factor and maxTimeout) and waits
 * with the global `setTimeout`, so it cannot run on an injected clock. Its
 * own delay is therefore set to 0, and the wait happens in its `shouldRetry`
 * callback: `sleep` on the policy's clock, for the provider's Retry-After or
 * the computed backoff.
 */
import pRetry from 'p-retry';
import { providerName } from '../../../shared/provider-names.ts';
import { timeInText } from '../../../shared/time-text.ts';
import type { ProviderId } from '../../../shared/types.ts';
import { sleep, systemClock } from '../clock.ts';
import type { Clock } from '../ports.ts';
import { computeBackoff, type BackoffOptions } from './backoff.ts';
import {
  RateLimitedError,
  abortReason,
  isBreakerOpenError,
  isBulkheadFullError,
  isCancelledError,
  isRateLimitedError,
} from './errors.ts';
import { describeError, type GiveUpEvent, type RetryEvent } from './events.ts';

/** Decision made after a failed attempt. */
export interface RetryDecision {
  retry: boolean;
  /** Wait requested by the provider (Retry-After) in milliseconds. Absent, the backoff applies. */
  delayMs?: number;
}

export interface RetryOptions {
  provider: ProviderId;
  /** Retries after the first attempt: 2 means at most 3 attempts. A non-negative integer. */
  retries: number;
  backoff: BackoffOptions;
  /** Default: `systemClock`. */
  clock?: Clock;
  /** Source of jitter in 0..1. Default: `Math.random`. */
  random?: () => number;
  /** Aborting it cancels the call at once, also during an attempt or a backoff wait. */
  signal?: AbortSignal;
  /**
   * Decides whether the failed attempt number `attempt` (1 for the first)
   * may be repeated, and may pass the provider's requested delay. Only the
   * caller knows what is safe to send twice. Default: retry every error
   * except the hub's own rejections (codes `rate_limited`, `breaker_open`,
   * `bulkhead_full`, `cancelled`).
   */
  shouldRetry?: (error: unknown, attempt: number) => RetryDecision;
  /**
   * Maximum wait requested by the provider that a retry waits out, in
   * milliseconds. A longer one ends the call with a `RateLimitedError`.
   * Default: 60,000.
   */
  maxRetryAfterMs?: number;
  onRetry?: (event: RetryEvent) => void;
  /** Called once when the call fails for good; not called when it is cancelled. */
  onGiveUp?: (event: GiveUpEvent) => void;
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Calls `fn` until it resolves, the retries run out or `shouldRetry`
 * returns `retry: false`, and returns its result. `fn` receives the attempt number (1 for the
 * first) and a signal to pass to its I/O. Rejects with the last error, with a
 * `RateLimitedError` when the provider requests too long a wait, or with the
 * abort reason when `signal` aborts (see `abortReason`).
 */
export async function retryCall<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = clock.now();
  if (signal.aborted) throw abortReason(signal);

  // Most calls succeed at once, so the first attempt runs without p-retry,
  // whose setup costs more than the attempt's own bookkeeping. Its failure is
  // handed to p-retry as the result of attempt 1, so every decision after a
  // failure is p-retry's, exactly as when it runs the first attempt itself.
  let firstFailure: unknown;
  try {
    const result = await raceAbort(fn(1, signal), signal);
    if (signal.aborted) throw abortReason(signal);

    return result;
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);

    firstFailure = error;
  }

  let attempts = 1;
  try {
    return await pRetry(
      (attempt) => {
        if (attempt === 1) return Promise.reject(firstFailure);

        attempts = attempt;
        return raceAbort(fn(attempt, signal), signal);
      },
      {
        retries: options.retries,
        minTimeout: 0,
        signal,
        shouldRetry: ({ error, attemptNumber }) =>
          waitBeforeRetry(error, attemptNumber, options, clock, signal),
      },
    );
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);

    options.onGiveUp?.({
      type: 'give-up',
      provider: options.provider,
      time: clock.now(),
      attempts,
      durationMs: clock.now() - startedAt,
      error: describeError(error),
    });
    throw error;
  }
}

async function waitBeforeRetry(
  error: unknown,
  attempt: number,
  options: RetryOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<boolean> {
  const decision = (options.shouldRetry ?? retryUnlessRejected)(error, attempt);
  if (!decision.retry) return false;

  const delayMs = chooseDelay(error, attempt, decision, options, clock);
  options.onRetry?.({
    type: 'retry',
    provider: options.provider,
    time: clock.now(),
    attempt: attempt + 1,
    delayMs,
    serverDelay: isServerDelay(decision.delayMs),
    error: describeError(error),
  });
  await sleep(clock, delayMs, signal);

  return true;
}

/** Returns the wait before the next attempt; throws when the provider requests too long a wait. */
function chooseDelay(
  error: unknown,
  attempt: number,
  decision: RetryDecision,
  options: RetryOptions,
  clock: Clock,
): number {
  const serverDelay = decision.delayMs;
  if (!isServerDelay(serverDelay)) {
    return computeBackoff(attempt - 1, options.backoff, options.random);
  }

  const limit = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  if (serverDelay > limit) {
    const until = clock.now() + serverDelay;
    const detail =
      `${providerName(options.provider)} asked to wait ${Math.ceil(serverDelay / 1000)} s, ` +
      `longer than the ${secondsText(limit)} s this provider's policy allows; try again after ${timeInText(until)}, ` +
      "or raise the longest Retry-After wait in the provider's resilience policy";
    throw new RateLimitedError(until, options.provider, detail, {
      cause: error,
    });
  }

  return serverDelay;
}

/** Formats milliseconds as seconds with at most one decimal, such as "60" or "1.5". */
function secondsText(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function isServerDelay(delayMs: number | undefined): delayMs is number {
  return delayMs !== undefined && Number.isFinite(delayMs) && delayMs >= 0;
}

function retryUnlessRejected(error: unknown): RetryDecision {
  const rejected =
    isRateLimitedError(error) ||
    isBreakerOpenError(error) ||
    isBulkheadFullError(error) ||
    isCancelledError(error);

  return { retry: !rejected };
}

/** Settles like `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortReason(signal));
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

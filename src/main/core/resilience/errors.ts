/**
 * Errors raised by the resilience policies. Each carries a `code` string, and
 * the guards below test that code instead of `instanceof`, so an error that
 * crossed a realm or a structured clone is still recognised.
 */
import { providerName } from '../../../shared/provider-names.ts';
import { timeInText } from '../../../shared/time-text.ts';
import type { BreakerState, ProviderId } from '../../../shared/types.ts';

export type ResilienceErrorCode = 'rate_limited' | 'breaker_open' | 'bulkhead_full' | 'cancelled';

/** Base class of the errors below. */
export class ResilienceError extends Error {
  readonly code: ResilienceErrorCode;

  constructor(code: ResilienceErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResilienceError';
    this.code = code;
  }
}

/**
 * The provider requested a wait longer than the policy waits out before a retry.
 * `until` is the epoch millisecond from which a new call may succeed.
 */
export class RateLimitedError extends ResilienceError {
  readonly provider: ProviderId | null;
  readonly until: number;

  constructor(until: number, provider: ProviderId | null, detail?: string, options?: ErrorOptions) {
    const suffix = detail === undefined ? '' : ` (${detail})`;
    super('rate_limited', `rate limited until ${timeInText(until)}${suffix}`, options);
    this.name = 'RateLimitedError';
    this.provider = provider;
    this.until = until;
  }
}

/**
 * The provider's breaker rejected the call without sending it. `retryAt` is
 * when the breaker admits a trial call, or null while it is held open by hand.
 */
export class BreakerOpenError extends ResilienceError {
  readonly provider: ProviderId | null;
  readonly retryAt: number | null;
  readonly state: BreakerState;

  constructor(provider: ProviderId | null, state: BreakerState, retryAt: number | null) {
    super('breaker_open', breakerMessage(provider, state, retryAt));
    this.name = 'BreakerOpenError';
    this.provider = provider;
    this.state = state;
    this.retryAt = retryAt;
  }
}

/** The provider's bulkhead has every slot and every queue place taken. */
export class BulkheadFullError extends ResilienceError {
  readonly provider: ProviderId | null;
  readonly maxConcurrent: number;
  readonly maxQueue: number;

  constructor(provider: ProviderId | null, maxConcurrent: number, maxQueue: number) {
    const name = provider ? providerName(provider) : 'this provider';
    super(
      'bulkhead_full',
      `Bulkhead full for ${name}: ${maxConcurrent} calls running (maxConcurrent ${maxConcurrent}) ` +
        `and ${maxQueue} queued (maxQueue ${maxQueue}). Raise maxConcurrent or maxQueue in the ` +
        `${name} resilience policy, or send fewer calls at once.`,
    );
    this.name = 'BulkheadFullError';
    this.provider = provider;
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }
}

/**
 * A wait was aborted through its signal. The name is `AbortError`, as for the
 * DOMException that `AbortController.abort()` uses, so generic abort checks
 * recognise it too.
 */
export class CancelledError extends ResilienceError {
  constructor(message = 'The operation was aborted.', options?: ErrorOptions) {
    super('cancelled', message, options);
    this.name = 'AbortError';
  }
}

function hasCode(error: unknown, code: ResilienceErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return hasCode(error, 'rate_limited');
}

export function isBreakerOpenError(error: unknown): error is BreakerOpenError {
  return hasCode(error, 'breaker_open');
}

export function isBulkheadFullError(error: unknown): error is BulkheadFullError {
  return hasCode(error, 'bulkhead_full');
}

/**
 * Tests whether `error` reports a cancellation: a `CancelledError`, or any
 * error named `AbortError` such as the DOMException of `AbortController.abort()`.
 */
export function isCancelledError(error: unknown): boolean {
  if (hasCode(error, 'cancelled')) return true;

  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Returns what a wait rejects with when `signal` aborts: the signal's reason
 * when it is an Error (a DOMException named `AbortError` by default), or else
 * a `CancelledError` that keeps the reason as its cause.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;

  return new CancelledError(undefined, { cause: reason });
}

function breakerMessage(
  provider: ProviderId | null,
  state: BreakerState,
  retryAt: number | null,
): string {
  const name = provider ? providerName(provider) : 'provider';
  if (retryAt === null) {
    const command = provider ? ` (for the hub command: \`hub breaker close ${provider}\`)` : '';
    return `Circuit breaker for ${name} is held open; close it from the dashboard to send calls again${command}.`;
  }
  if (state === 'half-open') {
    return `Circuit breaker for ${name} is half-open and a trial call is running; try again when it finishes.`;
  }

  return `Circuit breaker for ${name} is open until ${timeInText(retryAt)}; calls are rejected until then.`;
}

/**
 * Typed events of the resilience policies, and the small emitter that
 * delivers them. Every event names its provider and carries its time in
 * epoch milliseconds.
 */
import type { ProviderId } from '../../../shared/types.ts';

interface EventBase {
  provider: ProviderId;
  /** Epoch milliseconds. */
  time: number;
}

/** A failed attempt is followed by another one after `delayMs`. */
export interface RetryEvent extends EventBase {
  type: 'retry';
  /** Number of the attempt about to start: 2 for the first retry. */
  attempt: number;
  delayMs: number;
  /** Whether the delay came from the provider (Retry-After) rather than the backoff. */
  serverDelay: boolean;
  error: string;
}

/** The breaker opened: calls are rejected until `retryAt`, or until closed by hand when null. */
export interface BreakEvent extends EventBase {
  type: 'break';
  reason: string;
  retryAt: number | null;
}

/** The breaker admits one trial call. */
export interface HalfOpenEvent extends EventBase {
  type: 'half-open';
  reason: string;
}

/** The breaker closed again. */
export interface ResetEvent extends EventBase {
  type: 'reset';
  reason: string;
}

/** A call failed for good after `attempts` attempts. */
export interface GiveUpEvent extends EventBase {
  type: 'give-up';
  attempts: number;
  durationMs: number;
  error: string;
}

/** The rate limiter made a call wait about `delayMs` for a token. */
export interface ThrottleEvent extends EventBase {
  type: 'throttle';
  delayMs: number;
}

export type ResilienceEvent =
  | RetryEvent
  | BreakEvent
  | HalfOpenEvent
  | ResetEvent
  | GiveUpEvent
  | ThrottleEvent;

export type Listener<T> = (event: T) => void;

/**
 * A synchronous event emitter for one event type. Listeners run in the order
 * they subscribed, and a listener that throws propagates to the emitter's
 * caller, so policies emit only after their state is consistent.
 */
export class Emitter<T> {
  #listeners = new Set<Listener<T>>();

  /** Subscribes `listener`; the returned function unsubscribes it. */
  on(listener: Listener<T>): () => void {
    const entry: Listener<T> = (event) => listener(event);
    this.#listeners.add(entry);

    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: T): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  get size(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/** Returns the message of a thrown value, for event fields and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;

  return String(error);
}

/**
 * Debouncing for inputs that trigger requests: the call runs once the user
 * pauses, or at once when they confirm.
 */
import { useEffect, useRef } from 'react';

/** Pause after the last keystroke before a text filter applies, in milliseconds. */
export const DEBOUNCE_MS = 300;

export interface Debounced<T> {
  /** Runs the call with `value` after the delay, replacing any call still waiting. */
  schedule(value: T): void;
  /** Drops the call still waiting, if any. */
  cancel(): void;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const WINDOW_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/** Creates a debounced form of `call`: of the values scheduled within `delayMs` of each other, only the last runs. */
export function createDebounced<T>(call: (value: T) => void, delayMs: number, timers: Timers = WINDOW_TIMERS): Debounced<T> {
  let pending: unknown = null;

  const cancel = (): void => {
    if (pending === null) return;

    timers.clearTimeout(pending);
    pending = null;
  };

  return {
    schedule(value) {
      cancel();
      pending = timers.setTimeout(() => {
        pending = null;
        call(value);
      }, delayMs);
    },
    cancel,
  };
}

/**
 * Returns a debounced form of `call` that lives as long as the component.
 * It always runs the latest `call` the component rendered with, and its
 * waiting call is dropped when the component unmounts.
 */
export function useDebounced<T>(call: (value: T) => void, delayMs: number = DEBOUNCE_MS): Debounced<T> {
  const latest = useRef(call);
  const debounced = useRef<Debounced<T> | null>(null);
  debounced.current ??= createDebounced((value: T) => latest.current(value), delayMs);

  useEffect(() => {
    latest.current = call;
  });
  useEffect(() => () => debounced.current?.cancel(), []);

  return debounced.current;
}

/**
 * The system clock and an abortable sleep built on any `Clock`, so the
 * resilience policies run on real time in the app and on a fake clock in
 * tests.
 */
import { clearTimeout, setTimeout } from 'node:timers';
import type { Clock, TimerHandle } from './ports.ts';
import { abortReason } from './resilience/errors.ts';

/** The largest delay `setTimeout` accepts; a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wall-clock time and Node timers. Every timer is `unref`'d, so a pending
 * breaker or probe timer never keeps the process alive by itself.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, clampDelay(ms));
    handle.unref();

    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Clamps a delay to 0..MAX_TIMER_MS whole milliseconds; NaN becomes 0. */
export function clampDelay(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;

  return Math.min(Math.ceil(ms), MAX_TIMER_MS);
}

/**
 * Resolves after `ms` milliseconds of `clock` time. When `signal` aborts,
 * before or during the wait, it clears its timer and rejects at once with
 * the signal's reason, which is a DOMException named `AbortError` unless the
 * caller aborted with a reason of its own (see `abortReason`).
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));

  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal!));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelay(ms));

    // A caller awaits this wait, so unlike background timers it keeps the
    // process alive. A CLI call between two retries must not exit early.
    keepAlive(handle);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Marks a timer as keeping the process alive, undoing the clock's `unref`.
 * For waits that a caller awaits; each must be cleared when its wait ends.
 */
export function keepAlive(handle: TimerHandle): void {
  (handle as { ref?: () => unknown }).ref?.();
}

/**
 * One shared clock for relative times ("12s ago"). A single interval runs
 * while at least one component reads the clock, and stops with the last one.
 */
import { useSyncExternalStore } from 'react';

/** How often relative times refresh, in milliseconds. */
export const CLOCK_TICK_MS = 1000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: number | null = null;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = window.setInterval(tick, CLOCK_TICK_MS);
  }

  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || timer === null) return;

    window.clearInterval(timer);
    timer = null;
  };
}

/** Returns the current epoch milliseconds, re-rendering the caller once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/**
 * Exponential backoff with a cap and optional full jitter, as described in
 * "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015).
 */
import { MAX_TIMER_MS } from '../clock.ts';

export interface BackoffOptions {
  /** Delay ceiling of the first retry, in milliseconds. */
  baseMs: number;
  /** Largest delay, in milliseconds; values above MAX_TIMER_MS count as MAX_TIMER_MS. */
  maxMs: number;
  /**
   * `full` draws the delay uniformly from 0 up to the exponential ceiling, so
   * clients that failed together spread out; `none` waits the ceiling itself.
   */
  jitter: 'full' | 'none';
}

// 2 ** 64 times any delay up to MAX_TIMER_MS stays finite, and is far above the cap.
const MAX_EXPONENT = 64;

/**
 * Returns the delay before retry number `attempt` in whole milliseconds:
 * `min(maxMs, baseMs * 2 ** attempt)`, scaled by `random()` with full jitter.
 * `attempt` counts from 0 for the first retry. The result is an integer in
 * 0..min(maxMs, MAX_TIMER_MS) for any input: NaN or negative options and
 * attempts count as 0, and `random` values outside 0..1 are clamped.
 */
export function computeBackoff(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const cap = sanitize(options.maxMs, MAX_TIMER_MS);
  const base = Math.min(sanitize(options.baseMs, 0), cap);
  const exponent = Math.min(sanitize(Math.floor(attempt), 0), MAX_EXPONENT);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  if (options.jitter === 'none') return Math.floor(ceiling);

  return Math.floor(ceiling * unitInterval(random()));
}

function sanitize(value: number, fallback: number): number {
  if (Number.isNaN(value)) return fallback;

  return Math.min(Math.max(value, 0), MAX_TIMER_MS);
}

function unitInterval(value: number): number {
  if (Number.isNaN(value)) return 0;

  return Math.min(Math.max(value, 0), 1);
}

import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/main/core/clock.ts';
import { computeBackoff, type BackoffOptions } from '../../src/main/core/resilience/backoff.ts';

const OPENAI: BackoffOptions = { baseMs: 500, maxMs: 8_000, jitter: 'full' };

function expectValidDelay(delay: number, cap: number): void {
  expect(Number.isInteger(delay)).toBe(true);
  expect(delay).toBeGreaterThanOrEqual(0);
  expect(delay).toBeLessThanOrEqual(cap);
  expect(delay).toBeLessThanOrEqual(MAX_TIMER_MS);
}

describe('computeBackoff', () => {
  it('doubles from the base without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((n) => computeBackoff(n, { ...OPENAI, jitter: 'none' }));

    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('scales the ceiling by the random draw with full jitter', () => {
    expect(computeBackoff(2, OPENAI, () => 0.5)).toBe(1000);
    expect(computeBackoff(2, OPENAI, () => 0)).toBe(0);
    expect(computeBackoff(2, OPENAI, () => 1)).toBe(2000);
  });

  it('stays within bounds for attempts 0 to 10000', () => {
    for (const random of [() => 0, () => 1, () => 0.999_999, Math.random]) {
      for (let attempt = 0; attempt <= 10_000; attempt++) {
        expectValidDelay(computeBackoff(attempt, OPENAI, random), OPENAI.maxMs);
      }
    }
  });

  it('reaches the cap with random 1 and zero with random 0', () => {
    expect(computeBackoff(10_000, OPENAI, () => 1)).toBe(8_000);
    expect(computeBackoff(10_000, OPENAI, () => 0)).toBe(0);
  });

  it('handles odd attempt numbers', () => {
    for (const attempt of [-1, -Infinity, Infinity, Number.NaN, 1.7, Number.MAX_VALUE, 2 ** 53]) {
      expectValidDelay(computeBackoff(attempt, OPENAI, () => 1), OPENAI.maxMs);
    }
    expect(computeBackoff(-5, OPENAI, () => 1)).toBe(500);
    expect(computeBackoff(Infinity, OPENAI, () => 1)).toBe(8_000);
  });

  it('clamps random draws outside 0..1', () => {
    for (const value of [-1, 2, Number.NaN, Infinity, -Infinity]) {
      expectValidDelay(computeBackoff(3, OPENAI, () => value), OPENAI.maxMs);
    }
    expect(computeBackoff(3, OPENAI, () => 2)).toBe(4000);
  });

  it('caps an unbounded maximum at the timer range', () => {
    const options: BackoffOptions = { baseMs: 1000, maxMs: Infinity, jitter: 'none' };

    expect(computeBackoff(100, options)).toBe(MAX_TIMER_MS);
  });

  it('never returns NaN for odd options', () => {
    const odd = [Number.NaN, -1, 0, Infinity, -Infinity, 0.3];
    for (const baseMs of odd) {
      for (const maxMs of odd) {
        for (const jitter of ['full', 'none'] as const) {
          const delay = computeBackoff(1_000, { baseMs, maxMs, jitter }, () => 1);

          expect(Number.isNaN(delay)).toBe(false);
          expectValidDelay(delay, MAX_TIMER_MS);
        }
      }
    }
  });

  it('never exceeds a fractional cap', () => {
    expect(computeBackoff(5, { baseMs: 1, maxMs: 2.5, jitter: 'none' })).toBe(2);
  });
});

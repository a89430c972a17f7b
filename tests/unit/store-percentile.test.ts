import { describe, expect, it } from 'vitest';

import { nearestRankPercentile } from '../../src/main/core/store/percentile.ts';

describe('nearestRankPercentile', () => {
  it('returns null for no values', () => {
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it('returns the only value for one value', () => {
    expect(nearestRankPercentile([42], 50)).toBe(42);
    expect(nearestRankPercentile([42], 95)).toBe(42);
  });

  it('picks the value at rank ceil(p * n)', () => {
    const values = [15, 20, 35, 40, 50];

    expect(nearestRankPercentile(values, 5)).toBe(15);
    expect(nearestRankPercentile(values, 30)).toBe(20);
    expect(nearestRankPercentile(values, 40)).toBe(20);
    expect(nearestRankPercentile(values, 50)).toBe(35);
    expect(nearestRankPercentile(values, 100)).toBe(50);
  });

  it('never interpolates between values', () => {
    expect(nearestRankPercentile([10, 20], 50)).toBe(10);
    expect(nearestRankPercentile([10, 20], 95)).toBe(20);
  });
});

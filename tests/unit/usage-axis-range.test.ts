import { describe, expect, it } from 'vitest';
import { MINIMUM_SPAN, niceCeiling, valueAxisRange } from '../../src/renderer/src/components/usage/axis-range.ts';

describe('niceCeiling', () => {
  it.each([
    [3, 3],
    [3.15, 4],
    [525, 600],
    [0.0042, 0.005],
    [1, 1],
    [9.5, 10],
    [1_200_000, 1_200_000],
    [0.000005, 0.000005],
  ])('rounds %s up to %s', (value, expected) => {
    expect(niceCeiling(value)).toBe(expected);
  });

  it('returns 0 for zero and negative values', () => {
    expect(niceCeiling(0)).toBe(0);
    expect(niceCeiling(-5)).toBe(0);
  });
});

describe('valueAxisRange', () => {
  it('scales a $3 month to a few dollars', () => {
    expect(valueAxisRange(0, 3, 1)).toEqual([0, 4]);
  });

  it('keeps a $500 month inside the axis', () => {
    const [min, max] = valueAxisRange(0, 500, 1);

    expect(min).toBe(0);
    expect(max).toBeGreaterThan(500);
    expect(max).toBeLessThanOrEqual(1000);
  });

  it('spans the minimum when every value is zero', () => {
    expect(valueAxisRange(0, 0, 1)).toEqual([0, 1]);
  });

  it('spans the minimum when there is no data', () => {
    expect(valueAxisRange(null, null, 5)).toEqual([0, 5]);
  });

  it('starts at zero for positive data', () => {
    expect(valueAxisRange(200, 300, 1)[0]).toBe(0);
  });

  it('reaches below zero for negative data', () => {
    const [min, max] = valueAxisRange(-2, 3, 1);

    expect(min).toBeLessThanOrEqual(-2);
    expect(max).toBeGreaterThanOrEqual(3);
  });
});

describe('cost axis of a few cents', () => {
  it('rises with the data instead of lying flat', () => {
    const [, top] = valueAxisRange(0, 0.03, MINIMUM_SPAN.cost);

    expect(top).toBeGreaterThan(0.03);
    expect(top).toBeLessThan(0.1);
  });
});

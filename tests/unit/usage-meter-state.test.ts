import { describe, expect, it } from 'vitest';
import { formatPercent, meterState, meterStatus } from '../../src/renderer/src/components/usage/meter-state.ts';

describe('meterState', () => {
  it('is normal below the lowest threshold', () => {
    expect(meterState(79.9, [80, 100])).toBe('normal');
  });

  it('warns at the lowest threshold', () => {
    expect(meterState(80, [80, 100])).toBe('warning');
  });

  it('warns from the lowest of unsorted thresholds', () => {
    expect(meterState(55, [90, 50])).toBe('warning');
  });

  it('is exceeded at 100%', () => {
    expect(meterState(100, [80, 100])).toBe('exceeded');
  });

  it('is exceeded past 100%', () => {
    expect(meterState(150, [80, 100])).toBe('exceeded');
  });

  it('is exceeded by any use of a zero limit', () => {
    expect(meterState(Infinity, [80])).toBe('exceeded');
  });

  it('never warns when every threshold is 100 or more', () => {
    expect(meterState(99, [100, 150])).toBe('normal');
  });

  it('never warns without thresholds', () => {
    expect(meterState(99, [])).toBe('normal');
  });
});

describe('meterStatus', () => {
  it('shows only the percentage when normal', () => {
    expect(meterStatus(42.7, 'normal')).toBe('42%');
  });

  it('names a warning in words', () => {
    expect(meterStatus(85, 'warning')).toBe('85%, near the limit');
  });

  it('names a reached limit in words', () => {
    expect(meterStatus(100, 'exceeded')).toBe('100%, limit reached');
  });

  it('names an exceeded limit in words', () => {
    expect(meterStatus(150, 'exceeded')).toBe('150%, over the limit');
  });

  it('words any use of a zero limit without a percentage', () => {
    expect(meterStatus(Infinity, 'exceeded')).toBe('over the limit');
  });
});

describe('formatPercent', () => {
  it('rounds down', () => {
    expect(formatPercent(99.99)).toBe('99%');
  });
});

import { describe, expect, it } from 'vitest';
import { chartProviders, chartUnits } from '../../src/renderer/src/components/usage/chart-data.ts';
import type { UsageSeries } from '../../src/shared/types.ts';

function series(rows: { provider: 'openai' | 'elevenlabs' | 'mapbox' | 'stripe'; unit: 'tokens' | 'characters' | 'requests'; units: number[] }[]): UsageSeries {
  const providers = rows.map((row) => ({ ...row, calls: row.units.map(() => 1), cost: row.units.map(() => 0) }));
  return { period: 'day', timeZone: 'UTC', currency: 'USD', starts: [0, 86_400_000], providers };
}

const MIXED = series([
  { provider: 'mapbox', unit: 'requests', units: [1, 2] },
  { provider: 'openai', unit: 'tokens', units: [0, 1_500] },
  { provider: 'elevenlabs', unit: 'characters', units: [0, 0] },
  { provider: 'stripe', unit: 'requests', units: [0, 3] },
]);

describe('chartUnits', () => {
  it('lists each unit with usage once, tokens first', () => {
    expect(chartUnits(MIXED)).toEqual(['tokens', 'requests']);
  });

  it('leaves out a unit without usage', () => {
    expect(chartUnits(MIXED)).not.toContain('characters');
  });
});

describe('chartProviders', () => {
  it('keeps the providers of one unit on a units chart', () => {
    expect(chartProviders(MIXED, 'units', 'requests').map((row) => row.provider)).toEqual(['mapbox', 'stripe']);
  });

  it('keeps every provider on the cost chart', () => {
    expect(chartProviders(MIXED, 'cost', undefined)).toHaveLength(4);
  });
});

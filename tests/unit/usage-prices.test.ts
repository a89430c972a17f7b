import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import type { UsageSample } from '../../src/main/core/usage/extract.ts';
import { HeadroomTracker } from '../../src/main/core/usage/headroom.ts';
import { costOf, DEFAULT_PRICES, editedPrice, findPrice, mergePrices } from '../../src/main/core/usage/prices.ts';
import { PROVIDER_IDS, type PriceEntry } from '../../src/shared/types.ts';

const tokens = (input: number, output: number, model: string | null = 'gpt-4o'): UsageSample => ({
  unit: 'tokens',
  units: input + output,
  inputUnits: input,
  outputUnits: output,
  model,
  measured: true,
});
const requests = (count: number): UsageSample => ({ unit: 'requests', units: count, inputUnits: count, outputUnits: 0, model: null, measured: true });

describe('default prices', () => {
  it('dates and sources every row', () => {
    for (const row of DEFAULT_PRICES) {
      expect(row.setAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.source.length).toBeGreaterThan(0);
    }
  });

  it('prices every provider', () => {
    for (const provider of PROVIDER_IDS) expect(DEFAULT_PRICES.some((row) => row.provider === provider)).toBe(true);
  });
});

describe('findPrice', () => {
  it('matches a dated OpenAI model by its longest prefix', () => {
    expect(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-mini-2024-07-18', null)?.item).toBe('gpt-4o-mini');
    expect(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-2024-08-06', null)?.item).toBe('gpt-4o');
  });

  it('finds nothing for an unknown model without a default row', () => {
    expect(findPrice(DEFAULT_PRICES, 'openai', 'davinci-002', null)).toBeNull();
  });

  it('uses the chosen ElevenLabs plan, Creator when none is chosen', () => {
    expect(findPrice(DEFAULT_PRICES, 'elevenlabs', null, 'pro')?.item).toBe('pro');
    expect(findPrice(DEFAULT_PRICES, 'elevenlabs', null, null)?.item).toBe('creator');
  });
});

describe('costOf', () => {
  it('prices input and output tokens apart', () => {
    const price = findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o', null);

    // 1M input at $2.50 and 1M output at $10.
    expect(costOf(tokens(1_000_000, 1_000_000), price, 0)).toBeCloseTo(12.5, 10);
  });

  it('charges only the requests past the free tier', () => {
    const price = findPrice(DEFAULT_PRICES, 'mapbox', null, null);

    expect(costOf(requests(1), price, 50_000)).toBe(0);
    expect(costOf(requests(10), price, 99_995)).toBeCloseTo((5 * 0.75) / 1000, 12);
    expect(costOf(requests(1), price, 200_000)).toBeCloseTo(0.00075, 12);
  });

  it('costs nothing without a price row', () => {
    expect(costOf(tokens(10, 10), null, 0)).toBe(0);
  });
});

describe('price edits', () => {
  const base: Omit<PriceEntry, 'setAt' | 'source'> = {
    provider: 'openai',
    item: 'gpt-4o',
    unit: 'tokens',
    inputPrice: 2,
    outputPrice: 8,
    per: 1_000_000,
    freeUnits: null,
    freePeriod: null,
  };

  it('stamps an edit with the date it was set and replaces the default row', () => {
    const edited = editedPrice(base, '2026-12-04');
    const merged = mergePrices([edited]);

    expect(edited.setAt).toBe('2026-12-04');
    expect(merged.filter((row) => row.provider === 'openai' && row.item === 'gpt-4o')).toEqual([edited]);
    expect(merged.length).toBe(DEFAULT_PRICES.length);
  });

  it('rejects a negative price naming the row', () => {
    expect(() => editedPrice({ ...base, inputPrice: -1 }, '2026-12-04')).toThrow('Invalid input price -1 for openai gpt-4o');
  });
});

describe('HeadroomTracker', () => {
  it('turns OpenAI rate-limit headers into remaining counts with reset times', () => {
    const path = join(import.meta.dirname, '..', 'fixtures', 'providers', 'openai-200-rate-limit-headers.json');
    const { response } = JSON.parse(readFileSync(path, 'utf8')) as { response: { headers: Record<string, string> } };
    const interpretation = PROVIDERS.openai.interpret({ status: 200, headers: { ...response.headers, 'content-type': 'application/json' }, body: '{}' });
    const tracker = new HeadroomTracker();
    tracker.observe('openai', interpretation, 1_000_000);

    expect(tracker.of('openai').requests).toEqual({ remaining: 59, limit: 60, resetsAt: 1_001_000 });
    expect(tracker.of('openai').tokens).toEqual({ remaining: 149984, limit: 150000, resetsAt: 1_000_000 + 360_000 });
  });

  it('keeps the last figures when a response carries none', () => {
    const tracker = new HeadroomTracker();
    tracker.observe('elevenlabs', { quota: { used: 10, limit: 100, unit: 'characters', resetsAt: null } }, 5);
    tracker.observe('elevenlabs', {}, 9);

    expect(tracker.of('elevenlabs')).toMatchObject({ observedAt: 5, allowance: { remaining: 90 } });
  });
});

/**
 * The price table: dated default prices per provider and unit, the user's
 * edits over them, and the cost of one call. All prices are in US dollars.
 */
import type { PriceEntry, ProviderId } from '../../../shared/types.ts';
import { invalidArgument } from '../errors.ts';
import type { UsageSample } from './extract.ts';

/** Currency of every price, cost and budget. */
export const USAGE_CURRENCY = 'USD';

/** ElevenLabs plan priced when the user has chosen none. */
export const DEFAULT_ELEVENLABS_PLAN = 'creator';

/** Date the default prices below were read from their sources. */
const READ_ON = '2026-12-04';

const MILLION = 1_000_000;

// OpenAI, USD per 1M input and output tokens. Source: deploybase.ai/articles/openai-pricing
// ("Data from OpenAI pricing page, March 2026"), read on 2026-12-04.
// NOTE: a third-party copy of openai.com/api/pricing; check it against OpenAI's page.
const OPENAI_MODELS: [model: string, input: number, output: number][] = [
  ['gpt-5.4', 2.5, 15],
  ['gpt-5-mini', 0.25, 2],
  ['gpt-5', 1.25, 10],
  ['gpt-4.1-mini', 0.4, 1.6],
  ['gpt-4.1', 2, 8],
  ['gpt-4o-mini', 0.15, 0.6],
  ['gpt-4o', 2.5, 10],
];

// ElevenLabs, USD per 1,000 characters: each plan's monthly price divided by its
// monthly characters (Starter $5 for 30k, Creator $22 for 100k, Pro $99 for 500k,
// Scale $330 for 2M; Free has 10k characters at no cost). Source:
// aitools.infinfy.net/elevenlabs-api-pricing.html ("verified June 2026"), read on 2026-12-04.
const ELEVENLABS_PLANS: [plan: string, perThousand: number, freeCharacters: number | null][] = [
  ['free', 0, 10_000],
  ['starter', 5 / 30, null],
  ['creator', 22 / 100, null],
  ['pro', 99 / 500, null],
  ['scale', 330 / 2_000, null],
];

function entry(fields: Partial<PriceEntry> & Pick<PriceEntry, 'provider' | 'item' | 'unit' | 'inputPrice' | 'per' | 'source'>): PriceEntry {
  return { outputPrice: null, freeUnits: null, freePeriod: null, setAt: READ_ON, ...fields };
}

function requestPrice(provider: ProviderId, inputPrice: number, source: string, free?: [number, 'day' | 'month']): PriceEntry {
  return entry({
    provider,
    item: 'default',
    unit: 'requests',
    inputPrice,
    per: 1_000,
    source,
    ...(free ? { freeUnits: free[0], freePeriod: free[1] } : {}),
  });
}

/** The prices shipped with the app, each with its source and the date it was read. */
export const DEFAULT_PRICES: readonly PriceEntry[] = [
  ...OPENAI_MODELS.map(([item, input, output]) =>
    entry({ provider: 'openai', item, unit: 'tokens', inputPrice: input, outputPrice: output, per: MILLION, source: 'deploybase.ai/articles/openai-pricing (OpenAI pricing, March 2026)' }),
  ),
  ...ELEVENLABS_PLANS.map(([item, perThousand, free]) =>
    entry({
      provider: 'elevenlabs',
      item,
      unit: 'characters',
      inputPrice: Math.round(perThousand * 10_000) / 10_000,
      per: 1_000,
      source: 'aitools.infinfy.net/elevenlabs-api-pricing.html (June 2026)',
      ...(free === null ? {} : { freeUnits: free, freePeriod: 'month' as const }),
    }),
  ),
  // Mapbox temporary geocoding: 100,000 requests a month free, then $0.75 per 1,000.
  // Source: apio.sh/apis/mapbox-geocoding ("Last verified 2026-06-14"), read on 2026-12-04.
  requestPrice('mapbox', 0.75, 'apio.sh/apis/mapbox-geocoding (verified 2026-06-14)', [100_000, 'month']),
  // OpenWeather Free Access APIs (current weather, forecasts): 1,000,000 calls a month and
  // 60 a minute at no cost. Source: apiscout.dev/blog/openweathermap-free-tier-limits-2026.
  // NOTE: One Call API 3.0 bills calls past 1,000 a day; no per-call figure was found, so set it here.
  requestPrice('openweather', 0, 'apiscout.dev/blog/openweathermap-free-tier-limits-2026', [1_000_000, 'month']),
  // TODO: no Amadeus Self-Service price source was found; enter the per-call price of your APIs.
  requestPrice('amadeus', 0, 'no published figure found; set your contract price'),
  // Supabase and Stripe do not bill per API request: Supabase bills plans and resources,
  // Stripe bills per payment. Enter a figure if your contract has one.
  requestPrice('supabase', 0, 'not billed per request'),
  requestPrice('stripe', 0, 'not billed per request'),
];

function sameRow(a: Pick<PriceEntry, 'provider' | 'item'>, b: Pick<PriceEntry, 'provider' | 'item'>): boolean {
  return a.provider === b.provider && a.item === b.item;
}

/** Returns the default prices with the user's rows replacing (or adding to) them. */
export function mergePrices(edited: readonly PriceEntry[]): PriceEntry[] {
  // Every recorded call merges the same edited list, so the last result is kept.
  if (lastMerge?.edited === edited) return lastMerge.merged;

  const merged = DEFAULT_PRICES.map((row) => edited.find((user) => sameRow(user, row)) ?? row);
  const added = edited.filter((user) => !DEFAULT_PRICES.some((row) => sameRow(user, row)));
  lastMerge = { edited, merged: [...merged, ...added] };
  return lastMerge.merged;
}

let lastMerge: { edited: readonly PriceEntry[]; merged: PriceEntry[] } | null = null;

/**
 * Finds the price row of a call. OpenAI rows match the model by the longest
 * item that prefixes it (`gpt-4o-mini-2024-07-18` uses `gpt-4o-mini`), else
 * the `default` row. ElevenLabs uses the plan, and the others their
 * `default` row. Returns null when no row applies, so the call costs nothing.
 */
export function findPrice(prices: readonly PriceEntry[], provider: ProviderId, model: string | null, plan: string | null): PriceEntry | null {
  const rows = prices.filter((row) => row.provider === provider);
  if (provider === 'elevenlabs') return rows.find((row) => row.item === (plan ?? DEFAULT_ELEVENLABS_PLAN)) ?? null;
  if (provider !== 'openai') return rows.find((row) => row.item === 'default') ?? null;

  const matches = model === null ? [] : rows.filter((row) => model.startsWith(row.item));
  const best = matches.toSorted((a, b) => b.item.length - a.item.length)[0];
  return best ?? rows.find((row) => row.item === 'default') ?? null;
}

/** Units beyond the free allowance, given the units already used in the free period. */
function billableUnits(units: number, usedBefore: number, free: number | null): number {
  if (free === null) return units;

  return Math.max(0, usedBefore + units - free) - Math.max(0, usedBefore - free);
}

/**
 * Returns the cost of one call in `USAGE_CURRENCY`. `usedBefore` is the
 * provider's units earlier in the row's free period (day or month), so only
 * units past the free allowance are charged.
 */
export function costOf(sample: UsageSample, price: PriceEntry | null, usedBefore: number): number {
  if (!price) return 0;

  const billable = billableUnits(sample.units, usedBefore, price.freeUnits);
  if (price.outputPrice === null || sample.units === 0) return (billable * price.inputPrice) / price.per;

  // Free allowances apply to totals, so output tokens keep their share of the billable units.
  const share = billable / sample.units;
  return (share * (sample.inputUnits * price.inputPrice + sample.outputUnits * price.outputPrice)) / price.per;
}

/**
 * Checks an edited price row and stamps it with `today` as the date set.
 * Throws `invalid_argument` naming the field for a negative or non-finite
 * price or a `per` below 1.
 */
export function editedPrice(row: Omit<PriceEntry, 'setAt' | 'source'>, today: string): PriceEntry {
  const check = (name: string, value: number | null) => {
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      throw invalidArgument(`Invalid ${name} ${value} for ${row.provider} ${row.item}: use a price of 0 or more.`);
    }
  };
  check('input price', row.inputPrice);
  check('output price', row.outputPrice);
  check('free units', row.freeUnits);
  if (!Number.isFinite(row.per) || row.per < 1) {
    throw invalidArgument(`Invalid unit count ${row.per} for ${row.provider} ${row.item}: prices are per 1 unit or more.`);
  }

  return { ...row, setAt: today, source: 'edited by the user' };
}

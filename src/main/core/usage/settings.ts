/**
 * Usage settings: defaults, the JSON schema the settings file checks, and
 * validation of the changes the user makes.
 */
import { PROVIDER_IDS, type ProviderBudget, type ProviderId, type UsageSettings } from '../../../shared/types.ts';
import { invalidArgument } from '../errors.ts';
import { validateTimeZone } from './time-zone.ts';

/** Alert thresholds when the user sets none, in percent of a limit. */
export const DEFAULT_THRESHOLDS: readonly number[] = [80, 100];

/** Highest threshold accepted, in percent, so an alert can also fire well past a limit. */
export const MAX_THRESHOLD = 1_000;

/** A change to the usage settings; omitted fields keep their value. */
export interface UsageSettingsPatch {
  timeZone?: string | null;
  thresholds?: number[];
  budgets?: Partial<Record<ProviderId, Partial<ProviderBudget>>>;
}

export function defaultBudget(): ProviderBudget {
  return { monthlyBudget: null, dailyCalls: null, monthlyCalls: null, dailyUnits: null, monthlyUnits: null, hardStop: false, plan: null };
}

export function defaultUsageSettings(): UsageSettings {
  return {
    timeZone: null,
    thresholds: [...DEFAULT_THRESHOLDS],
    budgets: Object.fromEntries(PROVIDER_IDS.map((id) => [id, defaultBudget()])) as Record<ProviderId, ProviderBudget>,
    prices: [],
  };
}

/** Fills in defaults for whatever a stored value lacks. */
export function withUsageDefaults(stored: Partial<UsageSettings> | undefined): UsageSettings {
  const defaults = defaultUsageSettings();
  const budgets = { ...defaults.budgets };
  for (const id of PROVIDER_IDS) budgets[id] = { ...defaultBudget(), ...stored?.budgets?.[id] };

  return {
    timeZone: stored?.timeZone ?? null,
    thresholds: stored?.thresholds?.length ? [...stored.thresholds] : defaults.thresholds,
    budgets,
    prices: stored?.prices ? [...stored.prices] : [],
  };
}

const nullableNumber = (minimum: number, integer = false) => ({ type: integer ? ['integer', 'null'] : ['number', 'null'], minimum });

const budgetSchema = {
  type: 'object',
  properties: {
    monthlyBudget: nullableNumber(0),
    dailyCalls: nullableNumber(1, true),
    monthlyCalls: nullableNumber(1, true),
    dailyUnits: nullableNumber(0),
    monthlyUnits: nullableNumber(0),
    hardStop: { type: 'boolean' },
    plan: { type: ['string', 'null'] },
  },
};

const priceSchema = {
  type: 'object',
  required: ['provider', 'item', 'unit', 'inputPrice', 'per', 'setAt'],
  properties: {
    provider: { enum: [...PROVIDER_IDS] },
    item: { type: 'string', minLength: 1 },
    unit: { enum: ['tokens', 'characters', 'requests'] },
    inputPrice: { type: 'number', minimum: 0 },
    outputPrice: nullableNumber(0),
    per: { type: 'number', minimum: 1 },
    freeUnits: nullableNumber(0),
    freePeriod: { enum: ['day', 'month', null] },
    setAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    source: { type: 'string' },
  },
};

/** JSON schema of the `usage` settings key. */
export const usageSettingsSchema = {
  type: 'object',
  properties: {
    timeZone: { type: ['string', 'null'] },
    thresholds: { type: 'array', items: { type: 'number', exclusiveMinimum: 0, maximum: MAX_THRESHOLD } },
    budgets: { type: 'object', properties: Object.fromEntries(PROVIDER_IDS.map((id) => [id, budgetSchema])) },
    prices: { type: 'array', items: priceSchema },
  },
} as const;

function checkThresholds(thresholds: number[]): number[] {
  const invalid = thresholds.find((value) => !Number.isFinite(value) || value <= 0 || value > MAX_THRESHOLD);
  if (invalid !== undefined || thresholds.length === 0) {
    throw invalidArgument(`Invalid alert threshold ${invalid ?? '(none)'}: give one or more percentages above 0 and up to ${MAX_THRESHOLD}, such as 80 and 100.`);
  }

  return [...new Set(thresholds)].toSorted((a, b) => a - b);
}

const INTEGER_LIMITS = new Set(['dailyCalls', 'monthlyCalls']);

function checkBudget(provider: ProviderId, budget: ProviderBudget): ProviderBudget {
  for (const key of ['monthlyBudget', 'dailyCalls', 'monthlyCalls', 'dailyUnits', 'monthlyUnits'] as const) {
    const value = budget[key];
    if (value === null) continue;

    const whole = INTEGER_LIMITS.has(key);
    if (!Number.isFinite(value) || value < 0 || (whole && (!Number.isInteger(value) || value < 1))) {
      const expected = whole ? 'a whole number of calls from 1' : 'a number of 0 or more';
      throw invalidArgument(`Invalid ${key} ${value} for ${provider}: use ${expected}, or leave it empty for no limit.`);
    }
  }
  return budget;
}

/**
 * Applies a patch to the settings and returns the result. Throws
 * `invalid_argument` for an unknown time zone, a threshold outside
 * (0, 1000] or a negative limit, naming the value.
 */
export function applyUsagePatch(current: UsageSettings, patch: UsageSettingsPatch): UsageSettings {
  const next = withUsageDefaults(current);
  if (patch.timeZone !== undefined) next.timeZone = patch.timeZone === null || patch.timeZone.trim() === '' ? null : validateTimeZone(patch.timeZone);
  if (patch.thresholds !== undefined) next.thresholds = checkThresholds(patch.thresholds);
  for (const [provider, budget] of Object.entries(patch.budgets ?? {}) as [ProviderId, Partial<ProviderBudget>][]) {
    next.budgets[provider] = checkBudget(provider, { ...next.budgets[provider], ...budget });
  }
  return next;
}

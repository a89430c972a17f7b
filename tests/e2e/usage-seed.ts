/**
 * Usage of two months written straight into a data folder before the hub
 * opens it: a large OpenAI bill in the previous month and a small one now.
 * The Usage page then has a past month to pick and costs far apart to scale.
 */
import { join } from 'node:path';
import { HubStore } from '../../src/main/core/store/store.ts';
import { UsageStore, type UsageRecord } from '../../src/main/core/usage/usage-store.ts';

const DAY_MS = 86_400_000;

/** Cost of the seeded call in the previous month, in USD. */
export const PAST_COST = 500;

/** Cost of the seeded call of the current month, in USD. */
export const RECENT_COST = 3;

/**
 * Returns the time of the seeded call in the previous month: five days
 * before the current UTC month began, so it lies in an earlier month than
 * now in every time zone.
 */
export function pastCallTime(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - 5 * DAY_MS;
}

function openaiCall(callId: string, time: number, tokens: number, cost: number): UsageRecord {
  return {
    callId,
    time,
    provider: 'openai',
    operation: 'chat-completion',
    model: 'gpt-4o-mini',
    unit: 'tokens',
    units: tokens,
    inputUnits: tokens,
    outputUnits: 0,
    measured: true,
    cost,
    currency: 'USD',
  };
}

/** Writes one OpenAI call in the previous month and one a minute before `now` into `<dataDir>/hub.sqlite`. */
export function seedTwoMonths(dataDir: string, now: number): void {
  HubStore.open(dataDir).close();
  const store = UsageStore.open(join(dataDir, 'hub.sqlite'));
  try {
    store.insert(openaiCall('seed-past', pastCallTime(now), 2_000_000, PAST_COST), 'UTC');
    store.insert(openaiCall('seed-recent', now - 60_000, 1_500, RECENT_COST), 'UTC');
  } finally {
    store.close();
  }
}

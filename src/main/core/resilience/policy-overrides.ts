/**
 * The user's changes to a provider's default policy: merging a patch over a
 * policy, checking every value against its range with a message that names
 * the value and the fix, and the JSON schema that the settings file keeps
 * them under.
 */
import {
  RETRYABLE_CLASSES,
  type PolicyPatch,
  type ProviderId,
  type ProviderPolicy,
} from '../../../shared/types.ts';
import { invalidArgument } from '../errors.ts';
import { MAX_TIMER_MS } from '../clock.ts';
import type { ResiliencePolicy } from './policy.ts';

const DAY_MS = 86_400_000;

interface Range {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  unit: string;
}

const whole = (min: number, max: number, unit: string): Range => ({ min, max, integer: true, unit });

/** Allowed range of every numeric field, by section and field name. */
export const POLICY_RANGES = {
  timeouts: {
    connectTimeoutMs: whole(100, 600_000, 'milliseconds'),
    headersTimeoutMs: whole(100, DAY_MS, 'milliseconds'),
    bodyTimeoutMs: whole(100, DAY_MS, 'milliseconds'),
    deadlineMs: whole(100, DAY_MS, 'milliseconds'),
  },
  retry: {
    retries: whole(0, 10, 'retries'),
    maxRetryAfterMs: whole(0, DAY_MS, 'milliseconds'),
  },
  backoff: {
    baseMs: whole(0, 600_000, 'milliseconds'),
    maxMs: whole(0, MAX_TIMER_MS, 'milliseconds'),
  },
  breaker: {
    consecutiveFailures: whole(1, 1_000, 'failures'),
    failureRateThreshold: { min: 0.01, max: 1, integer: false, unit: 'failed calls as a fraction' },
    windowSize: whole(1, 1_000, 'calls'),
    minimumCalls: whole(1, 1_000, 'calls'),
    openMs: whole(0, DAY_MS, 'milliseconds'),
  },
  rateLimit: {
    ratePerSec: { min: 0.001, max: 1_000_000, integer: false, unit: 'calls per second' },
    burst: whole(1, 1_000_000, 'calls'),
  },
  bulkhead: {
    maxConcurrent: whole(1, 1_024, 'calls'),
    maxQueue: whole(0, 100_000, 'calls'),
  },
} as const satisfies Record<string, Record<string, Range>>;

/** The plain-data part of a runtime policy, as the UI shows it. */
export function toProviderPolicy(policy: ResiliencePolicy): ProviderPolicy {
  return {
    timeouts: { ...policy.timeouts },
    retry: {
      retries: policy.retry.retries,
      backoff: { ...policy.retry.backoff },
      maxRetryAfterMs: policy.retry.maxRetryAfterMs,
      retryOn: [...policy.retry.retryOn],
    },
    breaker: { ...policy.breaker },
    rateLimit: policy.rateLimit ? { ...policy.rateLimit } : null,
    bulkhead: { ...policy.bulkhead },
  };
}

/** Returns `policy` with `patch` applied; neither argument is changed. */
export function applyPolicyPatch(policy: ResiliencePolicy, patch: PolicyPatch | null): ResiliencePolicy {
  if (!patch) return policy;

  const retry = patch.retry ?? {};
  return {
    ...policy,
    timeouts: { ...policy.timeouts, ...patch.timeouts },
    retry: {
      ...policy.retry,
      ...withoutBackoff(retry),
      backoff: { ...policy.retry.backoff, ...retry.backoff },
      retryOn: [...(retry.retryOn ?? policy.retry.retryOn)],
    },
    breaker: { ...policy.breaker, ...patch.breaker },
    rateLimit: patch.rateLimit === undefined ? policy.rateLimit : patch.rateLimit,
    bulkhead: { ...policy.bulkhead, ...patch.bulkhead },
  };
}

function withoutBackoff(retry: NonNullable<PolicyPatch['retry']>): Omit<NonNullable<PolicyPatch['retry']>, 'backoff'> {
  const { backoff: _backoff, ...rest } = retry;
  return rest;
}

/** Combines two patches: fields of `next` win over those of `previous`. */
export function mergePolicyPatches(previous: PolicyPatch | null, next: PolicyPatch): PolicyPatch {
  const base = previous ?? {};
  const merged: PolicyPatch = {};
  if (base.timeouts || next.timeouts) merged.timeouts = { ...base.timeouts, ...next.timeouts };
  if (base.breaker || next.breaker) merged.breaker = { ...base.breaker, ...next.breaker };
  if (base.bulkhead || next.bulkhead) merged.bulkhead = { ...base.bulkhead, ...next.bulkhead };
  if (base.retry || next.retry) {
    const backoff = { ...base.retry?.backoff, ...next.retry?.backoff };
    merged.retry = { ...base.retry, ...next.retry, backoff };
  }
  const rateLimit = next.rateLimit !== undefined ? next.rateLimit : base.rateLimit;
  if (rateLimit !== undefined) merged.rateLimit = rateLimit;

  return merged;
}

/**
 * Throws `invalid_argument` for the first value outside its range, naming
 * the provider, the value and the allowed range.
 */
export function validatePolicy(provider: ProviderId, policy: ProviderPolicy): void {
  checkSection(provider, 'timeouts', policy.timeouts, POLICY_RANGES.timeouts);
  checkSection(provider, 'retry', policy.retry, POLICY_RANGES.retry);
  checkSection(provider, 'retry.backoff', policy.retry.backoff, POLICY_RANGES.backoff);
  checkSection(provider, 'breaker', policy.breaker, POLICY_RANGES.breaker);
  checkSection(provider, 'bulkhead', policy.bulkhead, POLICY_RANGES.bulkhead);
  if (policy.rateLimit) checkSection(provider, 'rateLimit', policy.rateLimit, POLICY_RANGES.rateLimit);
  checkRelations(provider, policy);
}

function checkSection(provider: ProviderId, section: string, values: object, ranges: Record<string, Range>): void {
  for (const [field, range] of Object.entries(ranges)) {
    const value = (values as Record<string, unknown>)[field];
    if (typeof value === 'number' && inRange(value, range)) continue;

    const kind = range.integer ? 'a whole number' : 'a number';
    throw invalidArgument(
      `Invalid ${section}.${field} ${String(value)} for ${provider}: use ${kind} of ${range.unit} from ${range.min} to ${range.max}.`,
    );
  }
}

function inRange(value: number, range: Range): boolean {
  if (!Number.isFinite(value) || value < range.min || value > range.max) return false;

  return !range.integer || Number.isInteger(value);
}

function checkRelations(provider: ProviderId, policy: ProviderPolicy): void {
  const { backoff, retryOn } = policy.retry;
  if (backoff.maxMs < backoff.baseMs) {
    throw invalidArgument(
      `Invalid retry.backoff.maxMs ${backoff.maxMs} for ${provider}: use at least baseMs ${backoff.baseMs}, or lower baseMs.`,
    );
  }
  if (backoff.jitter !== 'full' && backoff.jitter !== 'none') {
    throw invalidArgument(`Invalid retry.backoff.jitter "${String(backoff.jitter)}" for ${provider}: use "full" or "none".`);
  }
  const unknown = retryOn.find((entry) => !(RETRYABLE_CLASSES as readonly string[]).includes(entry));
  if (unknown !== undefined) {
    throw invalidArgument(`Invalid retry.retryOn "${unknown}" for ${provider}: use ${RETRYABLE_CLASSES.join(', ')}.`);
  }
  const repeated = retryOn.find((entry, index) => retryOn.indexOf(entry) !== index);
  if (repeated !== undefined) {
    throw invalidArgument(`Invalid retry.retryOn for ${provider}: "${repeated}" appears twice; list each failure class once.`);
  }
  if (policy.breaker.minimumCalls > policy.breaker.windowSize) {
    throw invalidArgument(
      `Invalid breaker.minimumCalls ${policy.breaker.minimumCalls} for ${provider}: use at most windowSize ${policy.breaker.windowSize}, or the failure rate never counts.`,
    );
  }
}

/** Whether a patch changes nothing. */
export function isEmptyPatch(patch: PolicyPatch | null): boolean {
  if (!patch) return true;

  return Object.values(patch).every((value) => value !== null && typeof value === 'object' && isEmptyObject(value));
}

function isEmptyObject(value: object): boolean {
  return Object.values(value).every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry) && isEmptyObject(entry));
}

const numberSchema = (range: Range) => ({
  type: range.integer ? 'integer' : 'number',
  minimum: range.min,
  maximum: range.max,
});

const sectionSchema = (ranges: Record<string, Range>) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(ranges).map(([field, range]) => [field, numberSchema(range)])),
});

/** JSON schema of one provider's stored policy changes, for the settings file. */
export const policyPatchJsonSchema = {
  type: 'object',
  properties: {
    timeouts: sectionSchema(POLICY_RANGES.timeouts),
    retry: {
      type: 'object',
      properties: {
        ...sectionSchema(POLICY_RANGES.retry).properties,
        backoff: {
          type: 'object',
          properties: {
            ...sectionSchema(POLICY_RANGES.backoff).properties,
            jitter: { enum: ['full', 'none'] },
          },
        },
        retryOn: { type: 'array', items: { enum: [...RETRYABLE_CLASSES] }, uniqueItems: true },
      },
    },
    breaker: sectionSchema(POLICY_RANGES.breaker),
    rateLimit: { anyOf: [{ type: 'null' }, sectionSchema(POLICY_RANGES.rateLimit)] },
    bulkhead: sectionSchema(POLICY_RANGES.bulkhead),
  },
} as const;

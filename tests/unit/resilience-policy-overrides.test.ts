import { describe, expect, it } from 'vitest';
import { readMapboxRateLimit } from '../../src/main/core/providers/mapbox.ts';
import { CircuitBreaker } from '../../src/main/core/resilience/breaker.ts';
import { defaultPolicy } from '../../src/main/core/resilience/policy.ts';
import {
  applyPolicyPatch,
  isEmptyPatch,
  mergePolicyPatches,
  toProviderPolicy,
  validatePolicy,
} from '../../src/main/core/resilience/policy-overrides.ts';
import { TokenBucket } from '../../src/main/core/resilience/rate-limiter.ts';
import { FakeClock } from '../support/fake-clock.ts';

describe('policy patches', () => {
  it('changes only the fields a patch names', () => {
    const policy = applyPolicyPatch(defaultPolicy('openai'), { retry: { backoff: { maxMs: 1_000 } }, rateLimit: { ratePerSec: 2, burst: 4 } });

    expect(policy.retry).toMatchObject({ retries: 2, backoff: { baseMs: 500, maxMs: 1_000, jitter: 'full' } });
    expect(policy.rateLimit).toEqual({ ratePerSec: 2, burst: 4 });
    expect(policy.breaker).toEqual(defaultPolicy('openai').breaker);
  });

  it('lets a later patch win and turns the rate limit off again', () => {
    const merged = mergePolicyPatches({ rateLimit: { ratePerSec: 1, burst: 1 }, retry: { retries: 1 } }, { rateLimit: null });

    expect(merged).toEqual({ rateLimit: null, retry: { retries: 1, backoff: {} } });
    expect(isEmptyPatch({ retry: { backoff: {} } })).toBe(true);
    expect(isEmptyPatch(merged)).toBe(false);
  });

  it('names the value and the range when a value is out of range', () => {
    const policy = toProviderPolicy(applyPolicyPatch(defaultPolicy('stripe'), { bulkhead: { maxQueue: 1.5 } }));

    expect(() => validatePolicy('stripe', policy)).toThrow(
      'Invalid bulkhead.maxQueue 1.5 for stripe: use a whole number of calls from 0 to 100000.',
    );
  });

  it('rejects a backoff cap below its base', () => {
    const policy = toProviderPolicy(applyPolicyPatch(defaultPolicy('openai'), { retry: { backoff: { baseMs: 2_000, maxMs: 1_000 } } }));

    expect(() => validatePolicy('openai', policy)).toThrow(/maxMs 1000 for openai: use at least baseMs 2000/);
  });

  it('accepts every default policy', () => {
    expect(() => validatePolicy('openai', toProviderPolicy(defaultPolicy('openai')))).not.toThrow();
  });
});

describe('breaker reconfiguration', () => {
  it('keeps an open breaker open with its wait when the thresholds change', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ provider: 'openai', clock, consecutiveFailures: 1, openMs: 1_000 });
    const permit = breaker.tryAcquire();
    if (permit.ok) permit.release('failure');

    breaker.configure({ consecutiveFailures: 3, failureRateThreshold: 0.5, windowSize: 10, minimumCalls: 5, openMs: 9_000 });

    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: clock.now() + 1_000 });
  });

  it('opens at the new consecutive failure count', () => {
    const breaker = new CircuitBreaker({ provider: 'openai', clock: new FakeClock(), consecutiveFailures: 5 });
    breaker.configure({ consecutiveFailures: 2, failureRateThreshold: 1, windowSize: 20, minimumCalls: 10, openMs: 1_000 });

    for (let index = 0; index < 2; index += 1) {
      const permit = breaker.tryAcquire();
      if (permit.ok) permit.release('failure');
    }

    expect(breaker.state).toBe('open');
  });
});

describe('token bucket fed by provider headers', () => {
  it('counts the calls sent after the one whose answer carried the remaining budget', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ provider: 'openai', clock, ratePerSec: 1_000, burst: 1_000 });

    bucket.updateFromHeaders({ remaining: 3, resetMs: 10_000, sentSince: 2 });
    await bucket.acquire();
    let held = true;
    void bucket.acquire().then(() => (held = false));
    await clock.advance(9_999);

    expect(held).toBe(true);
    await clock.advance(1);
    expect(held).toBe(false);
  });

  it('slows to the pace a provider announces', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ provider: 'mapbox', clock, ratePerSec: 1_000, burst: 1_000 });
    bucket.updatePace({ limit: 2, windowMs: 1_000 });

    await bucket.acquire();
    await bucket.acquire();
    let granted = false;
    void bucket.acquire().then(() => (granted = true));
    await clock.advance(499);
    expect(granted).toBe(false);
    await clock.advance(1);

    expect(granted).toBe(true);
    expect(bucket.pace).toEqual({ ratePerSec: 2, burst: 2 });
  });

  it('reads the Mapbox limit, interval and reset headers', () => {
    const headers = { 'x-rate-limit-limit': '600', 'x-rate-limit-interval': '60', 'x-rate-limit-reset': '1000' };

    expect(readMapboxRateLimit(headers, 940_000)).toEqual({ limitRequests: 600, windowRequestsMs: 60_000, resetRequestsMs: 60_000 });
    expect(readMapboxRateLimit({})).toBeUndefined();
  });
});

describe('retryOn duplicates', () => {
  it('rejects a failure class listed twice', async () => {
    const { validatePolicy, toProviderPolicy, applyPolicyPatch } = await import('../../src/main/core/resilience/policy-overrides.ts');
    const { defaultPolicy } = await import('../../src/main/core/resilience/policy.ts');
    const policy = applyPolicyPatch(defaultPolicy('openai'), { retry: { retryOn: ['timeout', 'timeout'] } });

    expect(() => validatePolicy('openai', toProviderPolicy(policy))).toThrow(/"timeout" appears twice/);
  });
});

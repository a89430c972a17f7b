import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../src/shared/types.ts';
import { CircuitBreaker, toResilienceEvent } from '../../src/main/core/resilience/breaker.ts';
import { Bulkhead } from '../../src/main/core/resilience/bulkhead.ts';
import { defaultPolicy } from '../../src/main/core/resilience/policy.ts';
import { FakeClock } from '../support/fake-clock.ts';

describe('defaultPolicy', () => {
  it('follows the OpenAI SDK retry figures', () => {
    expect(defaultPolicy('openai').retry).toEqual({
      retries: 2,
      backoff: { baseMs: 500, maxMs: 8_000, jitter: 'full' },
      maxRetryAfterMs: 60_000,
      retryOn: ['server', 'timeout', 'network', 'rate_limit'],
    });
  });

  it('follows the Stripe SDK retry figures', () => {
    expect(defaultPolicy('stripe').retry).toMatchObject({
      retries: 2,
      backoff: { baseMs: 500, maxMs: 5_000 },
      maxRetryAfterMs: 60_000,
    });
  });

  it.each(PROVIDER_IDS)('builds working policies for %s', (provider) => {
    const policy = defaultPolicy(provider);
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ provider, clock, ...policy.breaker });

    expect(policy.provider).toBe(provider);
    expect(breaker.state).toBe('closed');
    expect(() => new Bulkhead({ provider, ...policy.bulkhead })).not.toThrow();
    for (const value of Object.values(policy.timeouts)) expect(value).toBeGreaterThan(0);
    breaker.dispose();
  });

  it('returns a fresh copy on each call', () => {
    const first = defaultPolicy('openai');
    first.retry.backoff.maxMs = 1;
    first.breaker.openMs = 1;

    expect(defaultPolicy('openai').retry.backoff.maxMs).toBe(8_000);
    expect(defaultPolicy('openai').breaker.openMs).toBe(30_000);
  });
});

describe('toResilienceEvent', () => {
  it('maps breaker transitions to break, half-open and reset', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ provider: 'amadeus', clock, openMs: 1_000 });
    const types: string[] = [];
    breaker.on((event) => types.push(toResilienceEvent(event).type));

    breaker.openUntil(clock.now() + 1_000, 'rate limited (429)');
    await clock.advance(1_000);
    breaker.forceClose();

    expect(types).toEqual(['break', 'half-open', 'reset']);
    breaker.dispose();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  type BreakerEvent,
  type BreakerOptions,
  type BreakerPermit,
} from '../../src/main/core/resilience/breaker.ts';
import { FakeClock } from '../support/fake-clock.ts';

const breakers: CircuitBreaker[] = [];

function setup(overrides: Partial<BreakerOptions> = {}, clock = new FakeClock()) {
  const events: BreakerEvent[] = [];
  const breaker = new CircuitBreaker({ provider: 'openai', clock, ...overrides });
  breaker.on((event) => events.push(event));
  breakers.push(breaker);

  return { breaker, clock, events };
}

function permit(breaker: CircuitBreaker): BreakerPermit {
  const result = breaker.tryAcquire();
  if (!result.ok) throw new Error(`breaker rejected the call in state ${result.state}`);

  return result;
}

function fail(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) permit(breaker).release('failure');
}

function succeed(breaker: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) permit(breaker).release('success');
}

afterEach(() => {
  for (const breaker of breakers.splice(0)) breaker.dispose();
});

describe('CircuitBreaker', () => {
  it('opens after five consecutive failures', () => {
    const { breaker, clock, events } = setup();

    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    fail(breaker, 1);

    expect(breaker.state).toBe('open');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'open',
        from: 'closed',
        to: 'open',
        provider: 'openai',
        reason: '5 consecutive failures',
        time: clock.now(),
        retryAt: clock.now() + 30_000,
      }),
    ]);
  });

  it('resets the consecutive count on success', () => {
    const { breaker } = setup({ failureRateThreshold: 1 });

    fail(breaker, 4);
    succeed(breaker, 1);
    fail(breaker, 4);

    expect(breaker.state).toBe('closed');
  });

  it('rejects calls while open with the retry time', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);

    expect(breaker.tryAcquire()).toEqual({ ok: false, state: 'open', retryAt: clock.now() + 30_000 });
  });

  it('opens on failure rate only after minimumCalls', () => {
    const { breaker } = setup({ consecutiveFailures: 100, minimumCalls: 10, windowSize: 20 });

    // 4 failures out of 8 calls is 50 %, but below minimumCalls.
    for (let i = 0; i < 4; i++) {
      fail(breaker, 1);
      succeed(breaker, 1);
    }
    expect(breaker.state).toBe('closed');
    succeed(breaker, 1);
    fail(breaker, 1);

    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().reason).toBe('failure rate 50% over the last 10 calls (threshold 50%)');
  });

  it('stays closed below the failure rate threshold', () => {
    const { breaker } = setup({ consecutiveFailures: 100 });

    for (let i = 0; i < 30; i++) {
      succeed(breaker, 2);
      fail(breaker, 1);
    }

    expect(breaker.state).toBe('closed');
  });

  it('counts only the last windowSize calls', () => {
    const { breaker } = setup({ consecutiveFailures: 100, windowSize: 10, minimumCalls: 10 });

    fail(breaker, 4);
    succeed(breaker, 10);
    fail(breaker, 4);

    expect(breaker.state).toBe('closed');
  });

  it('does not count ignored outcomes', () => {
    const { breaker } = setup({ consecutiveFailures: 2 });

    fail(breaker, 1);
    permit(breaker).release('ignored');

    expect(breaker.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('moves to half-open by timer and emits the event', async () => {
    const { breaker, clock, events } = setup();
    fail(breaker, 5);

    await clock.advance(29_999);
    expect(events.map((event) => event.type)).toEqual(['open']);
    await clock.advance(1);

    expect(events.map((event) => event.type)).toEqual(['open', 'half-open']);
    expect(events[1]).toMatchObject({ from: 'open', to: 'half-open' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('moves to half-open lazily when the timer has not run', () => {
    const { breaker, clock, events } = setup();
    fail(breaker, 5);

    clock.jump(30_000);

    expect(breaker.tryAcquire().ok).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['open', 'half-open']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('admits exactly one of 50 concurrent calls in half-open', async () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    await clock.advance(30_000);

    const results = Array.from({ length: 50 }, () => breaker.tryAcquire());

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.state === 'half-open')).toHaveLength(49);
  });

  it('closes when the trial succeeds', async () => {
    const { breaker, clock, events } = setup();
    fail(breaker, 5);
    await clock.advance(30_000);

    permit(breaker).release('success');

    expect(breaker.state).toBe('closed');
    expect(events.at(-1)).toMatchObject({ type: 'close', from: 'half-open', reason: 'trial call succeeded' });
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
  });

  it('re-opens with a fresh wait when the trial fails', async () => {
    const { breaker, clock, events } = setup();
    fail(breaker, 5);
    await clock.advance(30_000);
    const trial = permit(breaker);
    await clock.advance(5_000);

    trial.release('failure');

    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().retryAt).toBe(clock.now() + 30_000);
    expect(events.at(-1)).toMatchObject({ type: 'open', from: 'half-open', reason: 'trial call failed' });
    await clock.advance(29_999);
    expect(breaker.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('admits a new trial after an ignored one', async () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    await clock.advance(30_000);

    permit(breaker).release('ignored');

    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire().ok).toBe(true);
  });

  it('emits one open event for concurrent failures', async () => {
    const { breaker, clock, events } = setup();
    const permits = Array.from({ length: 20 }, () => permit(breaker));

    for (const held of permits.slice(0, 5)) held.release('failure');
    const retryAt = breaker.snapshot().retryAt;
    await clock.advance(10_000);
    for (const held of permits.slice(5)) held.release('failure');

    expect(events.filter((event) => event.type === 'open')).toHaveLength(1);
    expect(breaker.snapshot().retryAt).toBe(retryAt);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('ignores late successes while open', async () => {
    const { breaker, clock } = setup();
    const late = permit(breaker);
    fail(breaker, 5);

    late.release('success');

    expect(breaker.state).toBe('open');
    await clock.advance(30_000);
    expect(breaker.state).toBe('half-open');
  });

  it('counts only the first release of a permit', () => {
    const { breaker } = setup({ consecutiveFailures: 2 });
    const held = permit(breaker);

    held.release('failure');
    held.release('failure');

    expect(breaker.state).toBe('closed');
  });

  it('opens until the Retry-After time', async () => {
    const { breaker, clock, events } = setup();
    const until = clock.now() + 90_000;

    breaker.openUntil(until, 'rate limited (429)');

    expect(breaker.tryAcquire()).toEqual({ ok: false, state: 'open', retryAt: until });
    expect(events).toEqual([expect.objectContaining({ type: 'open', reason: 'rate limited (429)' })]);
    await clock.advance(90_000);
    expect(breaker.state).toBe('half-open');
  });

  it('extends but never shortens an open wait', () => {
    const { breaker, clock, events } = setup();
    fail(breaker, 5);
    const retryAt = clock.now() + 30_000;

    breaker.openUntil(clock.now() + 10_000, 'shorter');
    expect(breaker.snapshot().retryAt).toBe(retryAt);
    breaker.openUntil(clock.now() + 60_000, 'longer');

    expect(breaker.snapshot().retryAt).toBe(clock.now() + 60_000);
    expect(events.filter((event) => event.type === 'open')).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('ignores openUntil with a past or invalid time', () => {
    const { breaker, clock } = setup();

    breaker.openUntil(clock.now() - 1, 'past');
    breaker.openUntil(Number.NaN, 'garbage');

    expect(breaker.state).toBe('closed');
  });

  it('stays open when forced until forced closed', async () => {
    const { breaker, clock, events } = setup();

    breaker.forceOpen();
    await clock.advance(3_600_000);

    expect(breaker.tryAcquire()).toEqual({ ok: false, state: 'open', retryAt: null });
    expect(clock.pendingTimers()).toBe(0);
    breaker.forceClose();
    expect(breaker.state).toBe('closed');
    expect(events.map((event) => [event.type, event.reason])).toEqual([
      ['open', 'opened by hand'],
      ['close', 'closed by hand'],
    ]);
  });

  it('holds an already open breaker when forced open', async () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);

    breaker.forceOpen();
    await clock.advance(60_000);

    expect(breaker.state).toBe('open');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reset clears history and closes', () => {
    const { breaker, clock } = setup();
    fail(breaker, 4);
    breaker.reset();
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');

    fail(breaker, 1);
    breaker.reset();

    expect(breaker.snapshot()).toEqual({ state: 'closed', openedAt: null, retryAt: null, reason: null });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('snapshot round-trips an open breaker', async () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    const saved = JSON.parse(JSON.stringify(breaker.snapshot())) as unknown;
    breaker.dispose();

    const later = new FakeClock(clock.now() + 10_000);
    const restored = CircuitBreaker.restore(saved, { provider: 'openai', clock: later });
    breakers.push(restored);

    expect(restored.snapshot()).toEqual(saved);
    expect(restored.tryAcquire()).toMatchObject({ ok: false, retryAt: clock.now() + 30_000 });
    await later.advance(20_000);
    expect(restored.state).toBe('half-open');
  });

  it('restores half-open when the wait passed while the app was closed', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    const saved = breaker.snapshot();

    const later = new FakeClock(clock.now() + 45_000);
    const restored = CircuitBreaker.restore(saved, { provider: 'openai', clock: later });
    breakers.push(restored);

    expect(restored.state).toBe('half-open');
    expect(later.pendingTimers()).toBe(0);
    expect(restored.tryAcquire().ok).toBe(true);
    expect(restored.tryAcquire().ok).toBe(false);
  });

  it('restores a breaker held open by hand', () => {
    const clock = new FakeClock();
    const saved = { state: 'open', openedAt: clock.now(), retryAt: null, reason: 'opened by hand' };

    const restored = CircuitBreaker.restore(saved, { provider: 'stripe', clock });
    breakers.push(restored);

    expect(restored.tryAcquire()).toEqual({ ok: false, state: 'open', retryAt: null });
  });

  it.each([
    null,
    'open',
    42,
    { state: 'melted' },
    { state: 'open', retryAt: 'soon' },
    { state: 'open', retryAt: Number.NaN },
    { state: 'half-open', openedAt: {} },
  ])('restores a closed breaker from malformed snapshot %j', (saved) => {
    const clock = new FakeClock();
    const restored = CircuitBreaker.restore(saved, { provider: 'openai', clock });
    breakers.push(restored);

    expect(restored.state).toBe('closed');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves no pending timer after dispose', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    expect(clock.pendingTimers()).toBe(1);

    breaker.dispose();

    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects invalid options with the fix in the message', () => {
    const clock = new FakeClock();

    expect(() => new CircuitBreaker({ provider: 'openai', clock, consecutiveFailures: 0 })).toThrow(
      /consecutiveFailures 0: use a whole number of at least 1/,
    );
    expect(() => new CircuitBreaker({ provider: 'openai', clock, failureRateThreshold: 2 })).toThrow(
      /failureRateThreshold 2/,
    );
    expect(
      () => new CircuitBreaker({ provider: 'openai', clock, minimumCalls: 30, windowSize: 20 }),
    ).toThrow(/minimumCalls 30: it must not exceed windowSize 20/);
  });
});

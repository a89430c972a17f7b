import { describe, expect, it } from 'vitest';
import type { ThrottleEvent } from '../../src/main/core/resilience/events.ts';
import { TokenBucket, type TokenBucketOptions } from '../../src/main/core/resilience/rate-limiter.ts';
import { FakeClock } from '../support/fake-clock.ts';

function setup(overrides: Partial<TokenBucketOptions> = {}) {
  const clock = new FakeClock();
  const events: ThrottleEvent[] = [];
  const bucket = new TokenBucket({ provider: 'mapbox', ratePerSec: 2, burst: 2, clock, ...overrides });
  bucket.on((event) => events.push(event));

  return { bucket, clock, events };
}

function track(promise: Promise<void>): { done: () => boolean; error: () => unknown } {
  let done = false;
  let error: unknown;
  promise.then(
    () => (done = true),
    (reason: unknown) => (error = reason),
  );

  return { done: () => done, error: () => error };
}

describe('TokenBucket', () => {
  it('grants a burst at once', async () => {
    const { bucket, clock, events } = setup();

    await bucket.acquire();
    await bucket.acquire();

    expect(events).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('makes calls beyond the burst wait for a refill', async () => {
    const { bucket, clock, events } = setup();
    await bucket.acquire();
    await bucket.acquire();

    const third = track(bucket.acquire());
    await clock.advance(499);
    expect(third.done()).toBe(false);
    await clock.advance(1);

    expect(third.done()).toBe(true);
    expect(events).toEqual([{ type: 'throttle', provider: 'mapbox', time: clock.now() - 500, delayMs: 500 }]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('serves waiters in arrival order', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const order: number[] = [];

    const waits = [1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n)));
    await clock.advance(1_000);
    expect(order).toEqual([1]);
    const late = bucket.acquire().then(() => order.push(4));
    await clock.advance(3_000);
    await Promise.all([...waits, late]);

    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('does not let a new caller pass a waiting one', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const first = track(bucket.acquire());
    await clock.advance(1_000);
    const second = track(bucket.acquire());
    await clock.advance(0);

    expect(first.done()).toBe(true);
    expect(second.done()).toBe(false);
    await clock.advance(1_000);
    expect(second.done()).toBe(true);
  });

  it('lets an aborted waiter leave the queue', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const cancelled = track(bucket.acquire(controller.signal));
    const next = track(bucket.acquire());

    controller.abort();
    await clock.advance(0);
    expect((cancelled.error() as Error).name).toBe('AbortError');
    expect(bucket.waiting).toBe(1);
    await clock.advance(1_000);

    expect(next.done()).toBe(true);
    expect(cancelled.done()).toBe(false);
  });

  it('clears its timer when the last waiter aborts', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    expect(clock.pendingTimers()).toBe(1);

    controller.abort();

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('grants nothing before the reset when the provider reports none remaining', async () => {
    const { bucket, clock, events } = setup({ burst: 10, ratePerSec: 10 });

    bucket.updateFromHeaders({ remaining: 0, resetMs: 5_000 });
    const call = track(bucket.acquire());
    await clock.advance(4_999);
    expect(call.done()).toBe(false);
    await clock.advance(1);

    expect(call.done()).toBe(true);
    expect(events[0]?.delayMs).toBe(5_000);
  });

  it('grants at most the remaining quota before the reset', async () => {
    const { bucket, clock } = setup({ burst: 10, ratePerSec: 10 });
    bucket.updateFromHeaders({ remaining: 2, resetMs: 10_000 });

    await bucket.acquire();
    await bucket.acquire();
    const third = track(bucket.acquire());
    await clock.advance(9_999);
    expect(third.done()).toBe(false);
    await clock.advance(1);

    expect(third.done()).toBe(true);
  });

  it('slows queued waiters when the quota runs out', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const waiting = track(bucket.acquire());

    bucket.updateFromHeaders({ remaining: 0, resetMs: 30_000 });
    await clock.advance(29_999);
    expect(waiting.done()).toBe(false);
    await clock.advance(1);

    expect(waiting.done()).toBe(true);
  });

  it.each([
    { remaining: Number.NaN, resetMs: 1000 },
    { remaining: -1, resetMs: 1000 },
    { remaining: 0, resetMs: null },
    { remaining: 0, resetMs: Number.POSITIVE_INFINITY },
    { remaining: null, resetMs: 1000 },
  ])('ignores an unusable quota hint %j', async (hint) => {
    const { bucket } = setup();

    bucket.updateFromHeaders(hint);

    await bucket.acquire();
  });

  it('rejects waiters and clears timers on dispose', async () => {
    const { bucket, clock } = setup({ burst: 1, ratePerSec: 1 });
    await bucket.acquire();
    const waiting = bucket.acquire();

    bucket.dispose();

    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects invalid options', () => {
    const clock = new FakeClock();

    expect(() => new TokenBucket({ provider: 'mapbox', ratePerSec: 0, burst: 1, clock })).toThrow(
      /ratePerSec 0 for mapbox/,
    );
    expect(() => new TokenBucket({ provider: 'mapbox', ratePerSec: 1, burst: 0.5, clock })).toThrow(
      /burst 0.5 for mapbox/,
    );
  });
});

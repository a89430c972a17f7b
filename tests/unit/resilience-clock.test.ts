import { afterEach, describe, expect, it } from 'vitest';
import { clampDelay, MAX_TIMER_MS, sleep, systemClock } from '../../src/main/core/clock.ts';
import { isCancelledError } from '../../src/main/core/resilience/errors.ts';
import { FakeClock } from '../support/fake-clock.ts';

describe('sleep', () => {
  let clock: FakeClock;

  afterEach(() => {
    expect(clock.pendingTimers()).toBe(0);
  });

  it('resolves after the delay on the fake clock', async () => {
    clock = new FakeClock();
    let done = false;
    void sleep(clock, 1000).then(() => (done = true));

    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
  });

  it('rejects at once with an AbortError when aborted mid-wait', async () => {
    clock = new FakeClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 60_000, controller.signal);

    await clock.advance(10);
    controller.abort();

    const error = await waiting.catch((reason: unknown) => reason);
    expect((error as Error).name).toBe('AbortError');
    expect(isCancelledError(error)).toBe(true);
  });

  it('rejects before setting a timer when already aborted', async () => {
    clock = new FakeClock();
    const signal = AbortSignal.abort();

    await expect(sleep(clock, 10, signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the caller reason when one is given', async () => {
    clock = new FakeClock();
    const controller = new AbortController();
    const reason = new Error('window closed');
    const waiting = sleep(clock, 500, controller.signal);
    controller.abort(reason);

    await expect(waiting).rejects.toBe(reason);
  });

  it('wraps a non-error reason in a cancelled error', async () => {
    clock = new FakeClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 500, controller.signal);
    controller.abort('user');

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError', code: 'cancelled', cause: 'user' });
  });

  it('runs on the system clock and clears its timer on abort', async () => {
    clock = new FakeClock();
    await sleep(systemClock, 1);
    const controller = new AbortController();
    const waiting = sleep(systemClock, 60_000, controller.signal);
    controller.abort();

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('clampDelay', () => {
  it('keeps delays within the timer range', () => {
    expect(clampDelay(Number.NaN)).toBe(0);
    expect(clampDelay(-5)).toBe(0);
    expect(clampDelay(1.2)).toBe(2);
    expect(clampDelay(Infinity)).toBe(MAX_TIMER_MS);
  });
});

describe('FakeClock', () => {
  it('fires timers in due order and lets promise chains set new ones', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    clock.setTimeout(() => order.push('b'), 20);
    clock.setTimeout(() => order.push('a'), 10);
    void sleep(clock, 5).then(() => sleep(clock, 10)).then(() => order.push('chain'));

    await clock.advance(30);

    expect(order).toEqual(['a', 'chain', 'b']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('advances time to the due time of each timer', async () => {
    const clock = new FakeClock(1000);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 250);

    await clock.advance(1000);

    expect(seen).toEqual([1250]);
    expect(clock.now()).toBe(2000);
  });
});

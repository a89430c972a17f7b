import { describe, expect, it } from 'vitest';
import { BreakerOpenError, isRateLimitedError } from '../../src/main/core/resilience/errors.ts';
import type { GiveUpEvent, RetryEvent } from '../../src/main/core/resilience/events.ts';
import { retryCall, type RetryOptions } from '../../src/main/core/resilience/retry.ts';
import { FakeClock } from '../support/fake-clock.ts';

class HttpError extends Error {
  readonly status: number;
  readonly retryAfterMs: number | undefined;

  constructor(status: number, retryAfterMs?: number) {
    super(`HTTP ${status}`);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

function setup(overrides: Partial<RetryOptions> = {}) {
  const clock = new FakeClock();
  const retries: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  const options: RetryOptions = {
    provider: 'openai',
    retries: 2,
    backoff: { baseMs: 500, maxMs: 8_000, jitter: 'none' },
    clock,
    shouldRetry: (error) => {
      const http = error as HttpError;
      return { retry: http.status >= 500 || http.status === 429, delayMs: http.retryAfterMs };
    },
    onRetry: (event) => retries.push(event),
    onGiveUp: (event) => giveUps.push(event),
    ...overrides,
  };

  return { clock, retries, giveUps, options };
}

function settle<T>(promise: Promise<T>): { result: () => { value?: T; error?: unknown } | null } {
  let outcome: { value?: T; error?: unknown } | null = null;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );

  return { result: () => outcome };
}

describe('retryCall', () => {
  it('returns the first success without waiting', async () => {
    const { options } = setup();
    const attempts: number[] = [];

    const value = await retryCall(async (attempt) => {
      attempts.push(attempt);
      return 'ok';
    }, options);

    expect(value).toBe('ok');
    expect(attempts).toEqual([1]);
  });

  it('retries with backoff and then succeeds', async () => {
    const { clock, options, retries } = setup();
    const attempts: number[] = [];
    const call = settle(
      retryCall(async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new HttpError(503);
        return 'ok';
      }, options),
    );

    await clock.advance(499);
    expect(attempts).toEqual([1]);
    await clock.advance(1);
    expect(attempts).toEqual([1, 2]);
    await clock.advance(1000);

    expect(call.result()).toEqual({ value: 'ok' });
    expect(retries.map((event) => [event.attempt, event.delayMs])).toEqual([
      [2, 500],
      [3, 1000],
    ]);
    expect(retries[0]).toMatchObject({ type: 'retry', provider: 'openai', serverDelay: false });
  });

  it('stops at the retry limit and emits give-up', async () => {
    const { clock, options, giveUps } = setup();
    let calls = 0;
    const call = settle(
      retryCall(async () => {
        calls++;
        throw new HttpError(500);
      }, options),
    );

    await clock.advance(60_000);

    expect(calls).toBe(3);
    expect((call.result()?.error as HttpError).status).toBe(500);
    expect(giveUps).toHaveLength(1);
    expect(giveUps[0]).toMatchObject({ type: 'give-up', provider: 'openai', attempts: 3 });
    expect(giveUps[0]!.durationMs).toBe(1500);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not retry what shouldRetry rejects', async () => {
    const { options, giveUps } = setup();
    let calls = 0;

    await expect(
      retryCall(async () => {
        calls++;
        throw new HttpError(400);
      }, options),
    ).rejects.toThrow('HTTP 400');

    expect(calls).toBe(1);
    expect(giveUps[0]?.attempts).toBe(1);
  });

  it('waits the server delay instead of the backoff', async () => {
    const { clock, options, retries } = setup();
    let calls = 0;
    const call = settle(
      retryCall(async () => {
        calls++;
        if (calls === 1) throw new HttpError(429, 7_000);
        return 'ok';
      }, options),
    );

    await clock.advance(6_999);
    expect(calls).toBe(1);
    await clock.advance(1);

    expect(call.result()).toEqual({ value: 'ok' });
    expect(retries[0]).toMatchObject({ delayMs: 7_000, serverDelay: true });
  });

  it('ends with RateLimitedError when the server wait is too long', async () => {
    const { clock, options, giveUps } = setup({ maxRetryAfterMs: 60_000 });
    let calls = 0;

    const error = await retryCall(async () => {
      calls++;
      throw new HttpError(429, 120_000);
    }, options).catch((reason: unknown) => reason);

    expect(calls).toBe(1);
    expect(isRateLimitedError(error)).toBe(true);
    const until = clock.now() + 120_000;
    expect(error).toMatchObject({ code: 'rate_limited', until, provider: 'openai' });
    expect((error as Error).message).toContain(`rate limited until ${new Date(until).toISOString()}`);
    expect((error as Error).message).toContain(
      `OpenAI asked to wait 120 s, longer than the 60 s this provider's policy allows; try again after ${new Date(until).toISOString()}, ` +
        "or raise the longest Retry-After wait in the provider's resilience policy",
    );
    expect((error as Error).message).not.toContain('maxRetryAfterMs');
    expect((error as Error).cause).toBeInstanceOf(HttpError);
    expect(giveUps).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects at once when aborted during a backoff wait', async () => {
    const controller = new AbortController();
    const { clock, options, giveUps } = setup({
      signal: controller.signal,
      backoff: { baseMs: 30_000, maxMs: 30_000, jitter: 'none' },
    });
    let calls = 0;
    const call = settle(
      retryCall(async () => {
        calls++;
        throw new HttpError(503);
      }, options),
    );

    await clock.advance(1_000);
    expect(clock.pendingTimers()).toBe(1);
    controller.abort();
    await clock.advance(0);

    expect((call.result()?.error as Error).name).toBe('AbortError');
    expect(calls).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    expect(giveUps).toHaveLength(0);
  });

  it('rejects with the abort reason during an attempt', async () => {
    const controller = new AbortController();
    const { clock, options } = setup({ signal: controller.signal });
    const reason = new Error('user closed the window');
    let attemptSignal: AbortSignal | undefined;
    const call = settle(
      retryCall((_attempt, signal) => {
        attemptSignal = signal;
        return new Promise<never>(() => {});
      }, options),
    );

    await clock.advance(0);
    controller.abort(reason);
    await clock.advance(0);

    expect(call.result()?.error).toBe(reason);
    expect(attemptSignal?.aborted).toBe(true);
  });

  it('never calls fn when the signal is already aborted', async () => {
    const { options } = setup({ signal: AbortSignal.abort() });
    let calls = 0;

    await expect(
      retryCall(async () => {
        calls++;
        return 1;
      }, options),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(0);
  });

  it('does not retry hub rejections by default', async () => {
    const { options } = setup({ shouldRetry: undefined });
    let calls = 0;

    await expect(
      retryCall(async () => {
        calls++;
        throw new BreakerOpenError('openai', 'open', 0);
      }, options),
    ).rejects.toMatchObject({ code: 'breaker_open' });
    expect(calls).toBe(1);
  });

  it('retries other errors by default', async () => {
    const { clock, options } = setup({ shouldRetry: undefined });
    let calls = 0;
    const call = settle(
      retryCall(async () => {
        calls++;
        if (calls < 2) throw new Error('socket hang up');
        return 'ok';
      }, options),
    );

    await clock.advance(500);

    expect(call.result()).toEqual({ value: 'ok' });
  });
});

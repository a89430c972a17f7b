import { describe, expect, it } from 'vitest';
import type { GiveUpEvent, RetryEvent } from '../../src/main/core/resilience/events.ts';
import { retryCall, type RetryOptions } from '../../src/main/core/resilience/retry.ts';
import { FakeClock } from '../support/fake-clock.ts';

function setup(overrides: Partial<RetryOptions> = {}) {
  const clock = new FakeClock();
  const retries: RetryEvent[] = [];
  const giveUps: GiveUpEvent[] = [];
  const decisions: { message: string; attempt: number }[] = [];
  const options: RetryOptions = {
    provider: 'openai',
    retries: 2,
    backoff: { baseMs: 100, maxMs: 1_000, jitter: 'none' },
    clock,
    shouldRetry: (error, attempt) => {
      decisions.push({ message: (error as Error).message, attempt });
      return { retry: true };
    },
    onRetry: (event) => retries.push(event),
    onGiveUp: (event) => giveUps.push(event),
    ...overrides,
  };
  return { clock, retries, giveUps, decisions, options };
}

describe('retryCall first attempt', () => {
  it('hands a failed first attempt to the retry loop, which sends the second', async () => {
    const { clock, retries, decisions, options } = setup();
    const attempts: number[] = [];

    const result = retryCall(async (attempt) => {
      attempts.push(attempt);
      if (attempt === 1) throw new Error('HTTP 503');
      return 'ok';
    }, options);
    await clock.advance(100);

    await expect(result).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2]);
    expect(decisions).toEqual([{ message: 'HTTP 503', attempt: 1 }]);
    expect(retries.map((event) => [event.attempt, event.delayMs])).toEqual([[2, 100]]);
  });

  it('gives up after the first attempt when shouldRetry declines it', async () => {
    const { giveUps, options } = setup({ shouldRetry: () => ({ retry: false }) });
    const failure = new Error('HTTP 400');

    await expect(retryCall(() => Promise.reject(failure), options)).rejects.toBe(failure);
    expect(giveUps.map((event) => event.attempts)).toEqual([1]);
  });

  it('does not retry a TypeError thrown by the first attempt', async () => {
    const { giveUps, decisions, options } = setup();
    let calls = 0;

    const result = retryCall(async () => {
      calls += 1;
      throw new TypeError('undefined is not a function');
    }, options);

    await expect(result).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
    expect(decisions).toEqual([]);
    expect(giveUps).toHaveLength(1);
  });

  it('rejects with the abort reason when the signal aborts as the first attempt succeeds', async () => {
    const controller = new AbortController();
    const reason = new Error('hub stopped');
    const { giveUps, options } = setup({ signal: controller.signal });

    const result = retryCall(async () => {
      controller.abort(reason);
      return 'late';
    }, options);

    await expect(result).rejects.toBe(reason);
    expect(giveUps).toEqual([]);
  });

  it('rejects with the abort reason, not the attempt error, after an abort', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const { giveUps, decisions, options } = setup({ signal: controller.signal });

    const result = retryCall(async () => {
      controller.abort(reason);
      throw new Error('socket closed');
    }, options);

    await expect(result).rejects.toBe(reason);
    expect(decisions).toEqual([]);
    expect(giveUps).toEqual([]);
  });

  it('ends a first attempt that hangs as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const { options } = setup({ signal: controller.signal });
    let attemptSignal: AbortSignal | null = null;

    const result = retryCall((_attempt, signal) => {
      attemptSignal = signal;
      return new Promise<string>(() => {});
    }, options);
    controller.abort();

    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(attemptSignal).not.toBeNull();
    expect(attemptSignal!.aborted).toBe(true);
  });
});

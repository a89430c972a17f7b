import { describe, expect, it } from 'vitest';
import { Bulkhead } from '../../src/main/core/resilience/bulkhead.ts';
import { isBulkheadFullError } from '../../src/main/core/resilience/errors.ts';

interface Gate {
  promise: Promise<string>;
  open: (value: string) => void;
}

function gate(): Gate {
  let open!: (value: string) => void;
  const promise = new Promise<string>((resolve) => (open = resolve));

  return { promise, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Bulkhead', () => {
  it('runs at most maxConcurrent calls at once', async () => {
    const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: 2, maxQueue: 5 });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];

    const runs = gates.map((g, i) =>
      bulkhead.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(bulkhead.running).toBe(2);
    expect(bulkhead.queued).toBe(1);

    gates[0]!.open('a');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.open('b');
    gates[2]!.open('c');

    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
    expect(bulkhead.running).toBe(0);
  });

  it('starts queued calls in FIFO order', async () => {
    const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: 1, maxQueue: 3 });
    const first = gate();
    const order: number[] = [];
    const runs = [bulkhead.run(() => first.promise)];
    for (const n of [1, 2, 3]) {
      runs.push(bulkhead.run(async () => String(order.push(n))));
    }

    first.open('done');
    await Promise.all(runs);

    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects at once beyond the queue with a message naming the fix', async () => {
    const bulkhead = new Bulkhead({ provider: 'stripe', maxConcurrent: 1, maxQueue: 1 });
    const held = gate();
    const running = bulkhead.run(() => held.promise);
    const queued = bulkhead.run(async () => 'queued');

    const error = await bulkhead.run(async () => 'never').catch((reason: unknown) => reason);

    expect(isBulkheadFullError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'bulkhead_full', provider: 'stripe', maxConcurrent: 1, maxQueue: 1 });
    const message = (error as Error).message;
    expect(message).toContain('Stripe');
    expect(message).toContain('maxConcurrent 1');
    expect(message).toContain('maxQueue 1');
    expect(message).toContain('Raise maxConcurrent or maxQueue in the Stripe resilience policy');
    held.open('ok');
    await Promise.all([running, queued]);
  });

  it('lets an aborted call leave the queue', async () => {
    const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: 1, maxQueue: 1 });
    const held = gate();
    const running = bulkhead.run(() => held.promise);
    const controller = new AbortController();
    let ran = false;
    const queued = bulkhead.run(async () => {
      ran = true;
      return 'x';
    }, controller.signal);

    controller.abort();

    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(bulkhead.queued).toBe(0);
    // The freed queue place takes a new call instead of raising BulkheadFullError.
    const replacement = bulkhead.run(async () => 'fits');
    held.open('done');

    await expect(replacement).resolves.toBe('fits');
    await running;
    expect(ran).toBe(false);
  });

  it('frees the slot when the call fails', async () => {
    const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: 1, maxQueue: 0 });

    await expect(bulkhead.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(bulkhead.running).toBe(0);
    await expect(bulkhead.run(async () => 'next')).resolves.toBe('next');
  });

  it('passes the signal to the call', async () => {
    const bulkhead = new Bulkhead({ provider: 'openai', maxConcurrent: 1, maxQueue: 0 });
    const controller = new AbortController();

    const received = await bulkhead.run(async (signal) => signal, controller.signal);

    expect(received).toBe(controller.signal);
  });

  it('rejects invalid limits', () => {
    expect(() => new Bulkhead({ provider: 'openai', maxConcurrent: 0, maxQueue: 0 })).toThrow(
      /maxConcurrent 0 for openai/,
    );
    expect(() => new Bulkhead({ provider: 'openai', maxConcurrent: 1, maxQueue: -1 })).toThrow(
      /maxQueue -1 for openai/,
    );
  });
});

import { describe, expect, it } from 'vitest';

import { isStoreError } from '../../src/main/core/store/errors.ts';
import { AttemptWriter } from '../../src/main/core/store/writer.ts';
import type { AttemptSink } from '../../src/main/core/store/writer.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';
import { SyncClock } from '../support/sync-clock.ts';

/** A sink that records each batch, and fails while `failure` is set. */
class RecordingSink implements AttemptSink {
  batches: AttemptRecord[][] = [];
  failure: Error | null = null;

  insertAttempts(rows: readonly AttemptRecord[]): void {
    if (this.failure) throw this.failure;
    this.batches.push([...rows]);
  }

  get written(): string[] {
    return this.batches.flat().map((row) => row.callId);
  }
}

function sqliteError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

function attempt(index: number): AttemptRecord {
  return {
    time: index,
    callId: `call-${index}`,
    provider: 'amadeus',
    operation: 'flight-offers',
    method: 'GET',
    url: 'https://test.api.amadeus.com/v2/shopping/flight-offers',
    httpStatus: 200,
    latencyMs: 80,
    attempt: 1,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
  };
}

function setup(options: { maxBatch?: number; maxQueued?: number } = {}) {
  const clock = new SyncClock();
  const sink = new RecordingSink();
  const errors: { error: unknown; dropped: number }[] = [];
  const writer = new AttemptWriter(sink, {
    clock,
    flushIntervalMs: 200,
    ...options,
    onError: (error, dropped) => errors.push({ error, dropped }),
  });
  return { clock, sink, errors, writer };
}

describe('AttemptWriter', () => {
  it('writes nothing before the interval passes', () => {
    const { clock, sink, writer } = setup();
    writer.enqueue(attempt(1));
    writer.enqueue(attempt(2));

    clock.advance(199);

    expect(sink.batches).toHaveLength(0);
    expect(writer.pending).toBe(2);
  });

  it('flushes queued rows in one batch after the interval', () => {
    const { clock, sink, writer } = setup();
    writer.enqueue(attempt(1));
    clock.advance(50);
    writer.enqueue(attempt(2));

    clock.advance(150);

    expect(sink.batches).toEqual([[attempt(1), attempt(2)]]);
    expect(writer.pending).toBe(0);
    expect(clock.timers.size).toBe(0);
  });

  it('flushes at once when maxBatch rows wait', () => {
    const { clock, sink, writer } = setup({ maxBatch: 3 });
    for (let index = 0; index < 3; index += 1) writer.enqueue(attempt(index));

    expect(sink.batches).toHaveLength(0);
    clock.advance(0);

    expect(sink.batches.map((batch) => batch.length)).toEqual([3]);
  });

  it('writes a backlog in batches of maxBatch', () => {
    const { clock, sink, writer } = setup({ maxBatch: 4 });
    sink.failure = sqliteError('SQLITE_BUSY');
    for (let index = 0; index < 10; index += 1) writer.enqueue(attempt(index));
    clock.advance(0);
    sink.failure = null;

    clock.advance(200);

    expect(sink.batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(sink.written).toEqual(Array.from({ length: 10 }, (_, index) => `call-${index}`));
  });

  it('never throws from enqueue', () => {
    const { clock, sink, writer } = setup({ maxBatch: 1 });
    sink.failure = sqliteError('SQLITE_FULL');

    expect(() => writer.enqueue(attempt(1))).not.toThrow();
    expect(() => clock.advance(0)).not.toThrow();
  });

  it('retries transient failures on the next tick', () => {
    const { clock, sink, errors, writer } = setup();
    sink.failure = sqliteError('SQLITE_IOERR_WRITE');
    writer.enqueue(attempt(1));

    clock.advance(200);

    expect(writer.pending).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.dropped).toBe(0);
    expect((errors[0]?.error as { code: string }).code).toBe('SQLITE_IOERR_WRITE');

    sink.failure = null;
    clock.advance(200);

    expect(sink.written).toEqual(['call-1']);
    expect(writer.pending).toBe(0);
  });

  it('drops the oldest rows past maxQueued', () => {
    const { clock, sink, errors, writer } = setup({ maxQueued: 5, maxBatch: 100 });
    sink.failure = sqliteError('SQLITE_FULL');
    for (let index = 0; index < 8; index += 1) writer.enqueue(attempt(index));

    clock.advance(200);

    expect(writer.pending).toBe(5);
    expect(writer.dropped).toBe(3);
    expect(errors.map((entry) => entry.dropped)).toEqual([3]);

    sink.failure = null;
    clock.advance(200);

    expect(sink.written).toEqual(['call-3', 'call-4', 'call-5', 'call-6', 'call-7']);
  });

  it('reports drops even when the next flush succeeds', () => {
    const { clock, errors, writer } = setup({ maxQueued: 2, maxBatch: 100 });
    for (let index = 0; index < 3; index += 1) writer.enqueue(attempt(index));

    clock.advance(200);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.dropped).toBe(1);
    expect(isStoreError(errors[0]?.error, 'store_rows_dropped')).toBe(true);
  });

  it('drops only the invalid rows', () => {
    const clock = new SyncClock();
    const written: string[] = [];
    const errors: { error: unknown; dropped: number }[] = [];
    const sink: AttemptSink = {
      insertAttempts(rows) {
        if (rows.some((row) => row.callId === 'call-1')) throw new TypeError('invalid row');
        written.push(...rows.map((row) => row.callId));
      },
    };
    const writer = new AttemptWriter(sink, {
      clock,
      onError: (error, dropped) => errors.push({ error, dropped }),
    });
    for (let index = 0; index < 3; index += 1) writer.enqueue(attempt(index));

    clock.advance(200);

    expect(written).toEqual(['call-0', 'call-2']);
    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(1);
    expect(errors.map((entry) => entry.dropped)).toEqual([1]);
  });

  it('flush() writes at once', () => {
    const { clock, sink, writer } = setup();
    writer.enqueue(attempt(1));

    expect(writer.flush()).toBe(true);
    expect(sink.written).toEqual(['call-1']);

    sink.failure = sqliteError('SQLITE_BUSY');
    writer.enqueue(attempt(2));

    expect(writer.flush()).toBe(false);
    expect(writer.pending).toBe(1);
    expect(clock.timers.size).toBe(1);
  });

  it('close() flushes every row and leaves no timer', () => {
    const { clock, sink, writer } = setup({ maxBatch: 2 });
    for (let index = 0; index < 5; index += 1) writer.enqueue(attempt(index));

    writer.close();

    expect(sink.written).toHaveLength(5);
    expect(clock.timers.size).toBe(0);
  });

  it('close() leaves no timer when the flush fails', () => {
    const { clock, sink, errors, writer } = setup();
    sink.failure = sqliteError('SQLITE_BUSY');
    writer.enqueue(attempt(1));

    writer.close();

    expect(clock.timers.size).toBe(0);
    expect(errors).toHaveLength(1);
    expect(writer.pending).toBe(1);
  });

  it('drops rows enqueued after close', () => {
    const { clock, sink, errors, writer } = setup();
    writer.close();

    writer.enqueue(attempt(1));

    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(1);
    expect(errors[0]?.dropped).toBe(1);
    expect(clock.timers.size).toBe(0);
    expect(sink.batches).toHaveLength(0);
  });

  it('unrefs its timer', () => {
    const { clock, writer } = setup();
    writer.enqueue(attempt(1));

    const [timer] = [...clock.timers];

    expect(timer?.unrefCalled).toBe(true);
    writer.close();
  });

  it('survives an onError callback that throws', () => {
    const clock = new SyncClock();
    const sink = new RecordingSink();
    sink.failure = sqliteError('SQLITE_BUSY');
    const writer = new AttemptWriter(sink, {
      clock,
      onError: () => {
        throw new Error('listener failed');
      },
    });
    writer.enqueue(attempt(1));

    expect(() => clock.advance(200)).not.toThrow();
    sink.failure = null;
    clock.advance(200);

    expect(sink.written).toEqual(['call-1']);
  });
});

import { describe, expect, it } from 'vitest';
import { DeferredWrites } from '../../src/main/core/store/deferred-writes.ts';
import { FakeClock } from '../support/fake-clock.ts';

function sqliteError(code: string): Error {
  return Object.assign(new Error(`${code}: database is locked`), { code });
}

function setup(options: { maxPending?: number } = {}) {
  const clock = new FakeClock();
  const failures: string[] = [];
  const written: string[] = [];
  let locked = false;
  const writes = new DeferredWrites({ clock, onFailed: (_error, what) => failures.push(what), ...options });
  const write = (name: string) => () => {
    if (locked) throw sqliteError('SQLITE_BUSY');
    written.push(name);
  };
  return { clock, failures, written, writes, write, lock: (value: boolean) => (locked = value) };
}

describe('DeferredWrites', () => {
  it('writes at once while the database works', () => {
    const { writes, write, written } = setup();

    writes.run('a probe', write('p1'));

    expect(written).toEqual(['p1']);
    expect(writes.pending).toBe(0);
  });

  it('keeps writes through a lock and writes them in order after it', async () => {
    const { writes, write, written, failures, lock, clock } = setup();
    lock(true);

    writes.run('a probe', write('p1'));
    writes.run('a breaker event', write('b1'));
    expect(written).toEqual([]);
    expect(writes.pending).toBe(2);
    expect(failures[0]).toBe('a probe');

    lock(false);
    await clock.advance(1_000);

    expect(written).toEqual(['p1', 'b1']);
    expect(writes.pending).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('drops a write that fails for good and goes on', () => {
    const { writes, write, written, failures } = setup();

    writes.run('a probe', () => {
      throw new Error('CHECK constraint failed');
    });
    writes.run('a probe', write('p2'));

    expect(written).toEqual(['p2']);
    expect(failures).toEqual(['a probe']);
  });

  it('drops the oldest writes past the bound and counts them', () => {
    const { writes, write, lock } = setup({ maxPending: 3 });
    lock(true);

    for (let index = 0; index < 5; index += 1) writes.run('a probe', write(`p${index}`));

    expect(writes.pending).toBe(3);
    expect(writes.dropped).toBe(2);
    writes.dispose();
  });
});

import { statSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RetentionPruner } from '../../src/main/core/store/retention.ts';
import type { AttemptRecord, ResilienceEventRecord } from '../../src/shared/types.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { attempt, openTempStore, type StoreFixture } from '../support/store-fixture.ts';

const DAY = 24 * 60 * 60 * 1000;

let fixture: StoreFixture;

beforeEach(() => {
  fixture = openTempStore();
});

afterEach(() => {
  fixture.close();
});

function rows(count: number, time: number, message: string | null = null): AttemptRecord[] {
  return Array.from({ length: count }, (_, index) =>
    attempt({ time, callId: `c${time}-${index}`, errorMessage: message }),
  );
}

function events(total: number, time: number): ResilienceEventRecord[] {
  return Array.from({ length: total }, (_, index) => ({
    time: time + index,
    provider: 'openai' as const,
    type: 'retry' as const,
    attempt: 2,
    delayMs: 500,
    durationMs: null,
    detail: 'HTTP 503: the upstream is overloaded and the call was retried after a backoff wait',
  }));
}

function eventCount(): number {
  const db = new Database(fixture.store.path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM resilience_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function count(): number {
  return fixture.store.countAttempts({}, 0, Number.MAX_SAFE_INTEGER);
}

describe('retention', () => {
  it('deletes rows older than the age limit in batches, yielding between them', async () => {
    const clock = new FakeClock();
    const now = clock.now();
    fixture.store.insertAttempts(rows(2500, now - 40 * DAY));
    fixture.store.insertAttempts(rows(300, now - 2 * DAY));
    const pruner = new RetentionPruner(fixture.store, {
      clock,
      retention: () => ({ maxAgeDays: 30, maxSizeMb: null }),
      batchSize: 1000,
      yieldMs: 20,
      intervalMs: 60_000,
    });

    pruner.start();
    await clock.advance(0);
    expect(count()).toBe(1800);
    await clock.advance(20);
    expect(count()).toBe(800);
    await clock.advance(20);
    expect(count()).toBe(300);
    await clock.advance(20);
    expect(count()).toBe(300);
    pruner.stop();
  });

  it('prunes old resilience events by age', () => {
    fixture.store.insertResilienceEvents(events(3000, 20 * DAY));
    fixture.store.insertResilienceEvents(events(10, 59 * DAY));

    let result;
    do {
      result = fixture.store.pruneBatch({ maxAgeDays: 30, maxSizeMb: null }, 60 * DAY, 1000);
    } while (result.more);

    expect(eventCount()).toBe(10);
  });

  it('keeps the last day of attempts when other data fills the size limit', () => {
    fixture.store.insertResilienceEvents(events(60_000, 20 * DAY));
    fixture.store.insertAttempts(rows(2000, 30 * DAY - 3_600_000));

    let result;
    for (let batch = 0; batch < 500; batch += 1) {
      result = fixture.store.pruneBatch({ maxAgeDays: null, maxSizeMb: 1 }, 30 * DAY, 5000);
      if (!result.more && result.resilienceEvents === 0) break;
    }

    expect(count()).toBe(2000);
    expect(eventCount()).toBe(0);
  });

  it('deletes the oldest rows while the file uses more than the size limit', () => {
    const message = 'x'.repeat(400);
    for (let day = 0; day < 10; day += 1) fixture.store.insertAttempts(rows(1000, day * DAY + 1, message));
    expect(fixture.store.usedBytes()).toBeGreaterThan(2 * 1024 * 1024);

    let result;
    do {
      result = fixture.store.pruneBatch({ maxAgeDays: null, maxSizeMb: 2 }, 11 * DAY, 500);
    } while (result.attempts > 0);

    expect(fixture.store.usedBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(count()).toBeGreaterThan(0);
    const page = fixture.store.queryAttempts({ limit: 1 });
    expect(page.rows[0]?.time).toBe(9 * DAY + 1);
    const oldest = fixture.store.countAttempts({ until: DAY }, 0, Number.MAX_SAFE_INTEGER);
    expect(oldest).toBe(0);
  });

  it('keeps the WAL bounded while a slow reader pages through the log', async () => {
    const walPath = join(fixture.dataDir, 'hub.sqlite-wal');
    const reader = new Database(join(fixture.dataDir, 'hub.sqlite'), { readonly: true });
    const page = reader.prepare('SELECT * FROM attempts WHERE id > ? ORDER BY id LIMIT 200');
    const message = 'y'.repeat(300);
    let afterId = 0;
    let largestWal = 0;
    try {
      for (let round = 0; round < 200; round += 1) {
        // One short read transaction per page, as the export does.
        const read = page.all(afterId) as { id: number }[];
        afterId = read.at(-1)?.id ?? afterId;
        fixture.store.insertAttempts(rows(250, round, message));
        if (round % 20 === 0) fixture.store.checkpoint('TRUNCATE');
        largestWal = Math.max(largestWal, statSync(walPath).size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      reader.close();
    }

    // About 20 MB were written; the WAL stays near the auto-checkpoint size of 4 MB.
    expect(fixture.store.usedBytes()).toBeGreaterThan(15 * 1024 * 1024);
    expect(largestWal).toBeLessThan(8 * 1024 * 1024);
  });

  it('lets the WAL grow while a reader holds one transaction open, which the log never does', () => {
    const walPath = join(fixture.dataDir, 'hub.sqlite-wal');
    const reader = new Database(join(fixture.dataDir, 'hub.sqlite'), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM attempts').get();
    try {
      for (let round = 0; round < 100; round += 1) {
        fixture.store.insertAttempts(rows(250, round, 'z'.repeat(300)));
      }
      expect(fixture.store.checkpoint('TRUNCATE').busy).toBe(true);
      expect(statSync(walPath).size).toBeGreaterThan(8 * 1024 * 1024);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    fixture.store.checkpoint('TRUNCATE');
    expect(statSync(walPath).size).toBe(0);
  });
});

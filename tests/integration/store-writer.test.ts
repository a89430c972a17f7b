import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sqliteCode } from '../../src/main/core/store/errors.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import { AttemptWriter } from '../../src/main/core/store/writer.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';
import { SyncClock } from '../support/sync-clock.ts';

function attempt(index: number): AttemptRecord {
  return {
    time: 1_700_000_000_000 + index,
    callId: `call-${index}`,
    provider: 'elevenlabs',
    operation: 'text-to-speech',
    method: 'POST',
    url: 'https://api.elevenlabs.io/v1/text-to-speech/voice',
    httpStatus: 200,
    latencyMs: 300,
    attempt: 1,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
  };
}

let dataDir: string;
let store: HubStore;
let clock: SyncClock;
let errors: { code: string | null; dropped: number }[];
let writer: AttemptWriter;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-store-writer-'));
  // A short busy timeout keeps the locked-database test from blocking for long.
  store = HubStore.open(dataDir, { busyTimeoutMs: 20 });
  clock = new SyncClock();
  errors = [];
  writer = new AttemptWriter(store, {
    clock,
    maxBatch: 50,
    onError: (error, dropped) => errors.push({ code: sqliteCode(error), dropped }),
  });
});

afterEach(() => {
  writer.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function storedCallIds(): string[] {
  return store
    .queryAttempts({ limit: 1000 })
    .rows.map((row) => row.callId)
    .reverse();
}

describe('AttemptWriter with HubStore', () => {
  it('writes a full batch on the next tick', () => {
    for (let index = 0; index < 50; index += 1) writer.enqueue(attempt(index));
    expect(storedCallIds()).toHaveLength(0);

    clock.advance(0);

    expect(storedCallIds()).toHaveLength(50);
  });

  it('writes a partial batch after the flush interval', () => {
    writer.enqueue(attempt(1));
    clock.advance(199);
    expect(storedCallIds()).toHaveLength(0);

    clock.advance(1);

    expect(storedCallIds()).toEqual(['call-1']);
  });

  it('keeps rows while the database is locked', () => {
    const other = new Database(join(dataDir, 'hub.sqlite'));
    try {
      other.exec('BEGIN IMMEDIATE');
      for (let index = 0; index < 10; index += 1) writer.enqueue(attempt(index));

      clock.advance(200);
      clock.advance(200);

      expect(writer.pending).toBe(10);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.every((entry) => entry.code === 'SQLITE_BUSY')).toBe(true);
      expect(errors.every((entry) => entry.dropped === 0)).toBe(true);
      expect(other.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(0);

      other.exec('COMMIT');
      clock.advance(200);
    } finally {
      other.close();
    }

    expect(writer.pending).toBe(0);
    expect(storedCallIds()).toEqual(Array.from({ length: 10 }, (_, index) => `call-${index}`));
  });

  it('close() writes the rows still queued', () => {
    writer.enqueue(attempt(1));
    writer.enqueue(attempt(2));

    writer.close();

    expect(storedCallIds()).toEqual(['call-1', 'call-2']);
    expect(clock.timers.size).toBe(0);
  });
});

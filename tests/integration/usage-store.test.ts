import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HubStore } from '../../src/main/core/store/store.ts';
import { dayWindow } from '../../src/main/core/usage/time-zone.ts';
import { UsageStore, type UsageRecord } from '../../src/main/core/usage/usage-store.ts';

const TIME = Date.parse('2026-03-10T12:00:00Z');
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function open(): { store: UsageStore; path: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-usage-store-'));
  HubStore.open(dataDir).close();
  const path = join(dataDir, 'hub.sqlite');
  const store = UsageStore.open(path);
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return { store, path };
}

function record(units: number): UsageRecord {
  return {
    callId: `call-${units}`,
    time: TIME,
    provider: 'openai',
    operation: 'chat-completion',
    model: 'gpt-4o-mini',
    unit: 'tokens',
    units,
    inputUnits: units,
    outputUnits: 0,
    measured: true,
    cost: units / 1000,
    currency: 'USD',
  };
}

function storedRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM usage').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('UsageStore batching', () => {
  it('counts queued calls in totals before they are written', () => {
    const { store, path } = open();
    const day = dayWindow(TIME, 'UTC');

    store.insert(record(10), 'UTC');
    store.insert(record(5), 'UTC');

    expect(storedRows(path)).toBe(0);
    expect(store.totals('UTC', 'day', 'openai', day.start)).toMatchObject({ calls: 2, units: 15 });
  });

  it('writes queued calls before a read and on close', () => {
    const { store, path } = open();
    store.insert(record(7), 'UTC');

    expect(store.page(0, Number.MAX_SAFE_INTEGER, 0, 10)).toHaveLength(1);
    expect(storedRows(path)).toBe(1);

    store.insert(record(8), 'UTC');
    store.close();
    expect(storedRows(path)).toBe(2);
  });

  it('keeps totals right across a write', () => {
    const { store } = open();
    const day = dayWindow(TIME, 'UTC');
    store.insert(record(10), 'UTC');
    expect(store.totals('UTC', 'day', 'openai', day.start).units).toBe(10);

    store.flush();
    store.insert(record(1), 'UTC');

    expect(store.totals('UTC', 'day', 'openai', day.start)).toMatchObject({ calls: 2, units: 11 });
  });
});

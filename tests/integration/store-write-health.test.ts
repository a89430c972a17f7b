import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import type { Logger, LogLevel } from '../../src/main/core/ports.ts';
import { StoreHealthMonitor } from '../../src/main/core/store/health.ts';
import { HubStore } from '../../src/main/core/store/store.ts';
import { AttemptWriter } from '../../src/main/core/store/writer.ts';
import type { AttemptRecord, StoreHealth } from '../../src/shared/types.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.ts';
import { attempt } from '../support/store-fixture.ts';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger(): Logger & { lines: { level: LogLevel; message: string }[] } {
  const lines: { level: LogLevel; message: string }[] = [];
  return { lines, log: (level, _component, message) => lines.push({ level, message }) };
}

/** The hub's write path on a real store: writer, health monitor and a fake clock. */
function writePath(options: { maxPageCount?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-write-health-'));
  const store = HubStore.open(dataDir, { busyTimeoutMs: 5, ...options });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => store.close());
  const clock = new FakeClock();
  const logger = recordingLogger();
  const events: StoreHealth[] = [];
  const monitor: StoreHealthMonitor = new StoreHealthMonitor({
    path: store.path,
    logger,
    now: () => clock.now(),
    queue: () => ({ pendingRows: writer.pending, droppedRows: writer.dropped }),
    onChange: (health) => events.push(health),
  });
  const writer: AttemptWriter = new AttemptWriter(
    {
      insertAttempts(rows: readonly AttemptRecord[]) {
        store.insertAttempts(rows);
        monitor.written();
      },
    },
    { clock, onError: (error) => monitor.failed(error) },
  );
  cleanups.push(() => writer.close());
  return { dataDir, store, clock, logger, events, monitor, writer };
}

function rows(count: number, message: string | null = null): AttemptRecord[] {
  return Array.from({ length: count }, (_, index) => attempt({ callId: `c${index}`, errorMessage: message }));
}

describe('store write health', () => {
  it('reports a database locked by another connection, and its recovery', () => {
    const path = writePath();
    const other = new Database(path.store.path);
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');

    for (const row of rows(10)) path.writer.enqueue(row);
    for (let retry = 0; retry < 5; retry += 1) expect(path.writer.flush()).toBe(false);

    const health = path.monitor.health;
    expect(health).toMatchObject({ ok: false, code: 'SQLITE_BUSY', pendingRows: 10, droppedRows: 0 });
    expect(health.message).toContain(path.store.path);
    expect(health.message).toMatch(/locked by another program/);
    expect(path.logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    expect(path.events.filter((event) => !event.ok)).toHaveLength(1);

    other.exec('COMMIT');
    expect(path.writer.flush()).toBe(true);

    expect(path.monitor.health).toMatchObject({ ok: true, message: null, pendingRows: 0 });
    expect(path.events.at(-1)?.ok).toBe(true);
    expect(path.store.queryAttempts({}).rows).toHaveLength(10);
    expect(path.logger.lines.at(-1)?.message).toMatch(/works again/);
  });

  it('reports a full disk and keeps the rows queued', () => {
    const probe = writePath();
    const pages = probe.store.usedBytes() / 4096;
    const path = writePath({ maxPageCount: pages + 3 });

    for (const row of rows(2000, 'm'.repeat(200))) path.writer.enqueue(row);
    path.writer.flush();

    const health = path.monitor.health;
    expect(health.ok).toBe(false);
    expect(health.code).toBe('SQLITE_FULL');
    expect(health.message).toMatch(/disk holding the call log .* is full/);
    expect(health.pendingRows).toBeGreaterThan(0);
  });

  it('repeats the log line of an ongoing failure at most once a minute', async () => {
    const path = writePath();
    const other = new Database(path.store.path);
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');
    path.writer.enqueue(attempt());

    // The writer retries every 200 ms on its own; 121 s hold lines at 0, 60 and 120 s.
    for (let second = 0; second < 121; second += 1) await path.clock.advance(1000);
    other.exec('COMMIT');

    expect(path.logger.lines.filter((line) => line.level === 'error')).toHaveLength(3);
  });
});

describe('hub while the call log cannot be written', () => {
  let fixture: HubFixture;

  it('keeps calls flowing and tells what is not being logged', async () => {
    fixture = await startHubFixture({ hub: { store: { busyTimeoutMs: 5 } } });
    cleanups.push(() => fixture.close());
    const events: StoreHealth[] = [];
    fixture.hub.on('store.health', (health) => events.push(health));
    const other = new Database(join(fixture.dataDir, 'hub.sqlite'));
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');

    const outcome = await fixture.hub.call('openai', { operation: 'models', method: 'GET', path: '/v1/models' });
    fixture.hub.queryLogs({});

    expect(outcome.ok).toBe(true);
    expect(fixture.hub.storeHealth()).toMatchObject({ ok: false, code: 'SQLITE_BUSY', pendingRows: 1 });
    expect(events.at(-1)?.ok).toBe(false);
    expect((await fixture.hub.info()).store?.ok).toBe(false);

    other.exec('COMMIT');
    expect(fixture.hub.queryLogs({}).rows).toHaveLength(1);
    expect(fixture.hub.storeHealth().ok).toBe(true);
  });

  it('keeps a probe result through a lock and writes it after', async () => {
    fixture = await startHubFixture({ hub: { store: { busyTimeoutMs: 5 } } });
    cleanups.push(() => fixture.close());
    const other = new Database(join(fixture.dataDir, 'hub.sqlite'));
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');

    const result = await fixture.hub.testConnection('stripe');
    const probes = () => other.prepare("SELECT count(*) AS n FROM probes WHERE provider = 'stripe'").get() as { n: number };
    expect(result.status).toBe('up');
    expect(fixture.hub.storeHealth().ok).toBe(false);

    other.exec('COMMIT');
    await new Promise((resolve) => setTimeout(resolve, 1_300));

    expect(probes().n).toBe(1);
    expect(fixture.hub.listProviders().find((view) => view.provider === 'stripe')?.uptime24h).toBe(1);
  });
});

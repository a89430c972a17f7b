import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isStoreError } from '../../src/main/core/store/errors.ts';
import { HUB_APPLICATION_ID, migrate, MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import type { Migration } from '../../src/main/core/store/migrations.ts';
import { HubStore } from '../../src/main/core/store/store.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-store-migrations-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function pragma(path: string, name: string): unknown {
  return inspect(path, (db) => db.pragma(name, { simple: true }));
}

function openError(path: string, options?: Parameters<typeof HubStore.open>[1]): unknown {
  try {
    HubStore.open(path, options).close();
  } catch (error) {
    return error;
  }
  throw new Error('HubStore.open succeeded');
}

describe('HubStore migrations', () => {
  it('creates the schema in an empty folder', () => {
    const nested = join(dataDir, 'does', 'not', 'exist');
    const store = HubStore.open(nested);
    store.close();

    const file = join(nested, 'hub.sqlite');
    const tables = inspect(file, (db) =>
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all(),
    );
    expect(tables).toEqual([
      'attempts',
      'attempts_fts',
      'attempts_fts_config',
      'attempts_fts_data',
      'attempts_fts_idx',
      'breaker_snapshots',
      'breaker_transitions',
      'probes',
      'resilience_events',
      'rollups',
      'usage',
      'usage_alerts',
      'usage_rollups',
    ]);
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length);
    expect(pragma(file, 'application_id')).toBe(HUB_APPLICATION_ID);
    expect(pragma(file, 'journal_mode')).toBe('wal');
  });

  it('creates the paging indexes', () => {
    HubStore.open(dataDir).close();

    const indexes = inspect(join(dataDir, 'hub.sqlite'), (db) =>
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attempts'")
        .pluck()
        .all(),
    );
    expect(indexes).toContain('attempts_provider_id');
    expect(indexes).toContain('attempts_time');
  });

  it('reopens an existing file without migrating again', () => {
    const first = HubStore.open(dataDir);
    first.insertProbe({
      time: 1,
      provider: 'stripe',
      status: 'up',
      httpStatus: 200,
      latencyMs: 10,
      error: null,
      errorClass: null,
    });
    first.close();

    const second = HubStore.open(dataDir);
    expect(second.lastProbe('stripe')?.latencyMs).toBe(10);
    second.close();
  });

  it('upgrades a version 1 file and keeps its rows', () => {
    const first = HubStore.open(dataDir, { migrations: MIGRATIONS.slice(0, 1) });
    first.insertBreakerTransition({
      time: 5,
      provider: 'openai',
      from: 'closed',
      to: 'open',
      reason: 'failures',
    });
    first.close();
    const file = join(dataDir, 'hub.sqlite');
    expect(pragma(file, 'user_version')).toBe(1);

    const upgraded = HubStore.open(dataDir);

    expect(upgraded.latestBreakerTransition('openai')?.reason).toBe('failures');
    expect(upgraded.breakerSnapshot('openai')).toBeNull();
    upgraded.close();
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length);
  });

  it('upgrades an old schema with a new migration', () => {
    HubStore.open(dataDir).close();
    const addNote: Migration = {
      version: MIGRATIONS.length + 1,
      reason: 'Add a note to each probe.',
      up: (db) => db.exec('ALTER TABLE probes ADD COLUMN note TEXT'),
    };

    HubStore.open(dataDir, { migrations: [...MIGRATIONS, addNote] }).close();

    const file = join(dataDir, 'hub.sqlite');
    const columns = inspect(file, (db) =>
      db.prepare("SELECT name FROM pragma_table_info('probes')").pluck().all(),
    );
    expect(columns).toContain('note');
    expect(pragma(file, 'user_version')).toBe(addNote.version);
  });

  it('rolls back a migration that fails', () => {
    HubStore.open(dataDir).close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      reason: 'Fails halfway.',
      up: (db) => db.exec('CREATE TABLE extra (x); SELECT * FROM no_such_table'),
    };

    const open = () => HubStore.open(dataDir, { migrations: [...MIGRATIONS, broken] });

    expect(open).toThrow(/no_such_table/);

    const file = join(dataDir, 'hub.sqlite');
    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length);
    const extra = inspect(file, (db) =>
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").pluck().get(),
    );
    expect(extra).toBe(0);
  });

  it('rejects a file from a newer app version', () => {
    HubStore.open(dataDir).close();
    const file = join(dataDir, 'hub.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();

    const error = openError(dataDir);

    expect(isStoreError(error, 'store_schema_too_new')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(`schema version ${MIGRATIONS.length + 5}`);
    expect(message).toContain(`up to version ${MIGRATIONS.length}`);
    expect(message).toMatch(/Update the app/);
  });

  it('rejects a SQLite file of another program', () => {
    const file = join(dataDir, 'hub.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    db.close();

    const error = openError(dataDir);

    expect(isStoreError(error, 'store_not_hub_database')).toBe(true);
    expect((error as Error).message).toContain(file);
  });

  it('rejects a file that is not SQLite', () => {
    const file = join(dataDir, 'hub.sqlite');
    writeFileSync(file, 'name,value\n'.repeat(200));

    const error = openError(dataDir);

    expect(isStoreError(error, 'store_not_hub_database')).toBe(true);
    expect((error as Error).message).toContain(file);
  });

  it('names the path when the folder cannot be created', () => {
    const blocker = join(dataDir, 'blocker');
    writeFileSync(blocker, '');

    const error = openError(join(blocker, 'data'));

    expect(isStoreError(error, 'store_open_failed')).toBe(true);
    expect((error as Error).message).toContain(join(blocker, 'data', 'hub.sqlite'));
  });

  it('uses the file name from the options', () => {
    HubStore.open(dataDir, { fileName: 'other.sqlite' }).close();

    const tables = inspect(join(dataDir, 'other.sqlite'), (db) =>
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'attempts'").pluck().get(),
    );
    expect(tables).toBe(1);
  });
});

describe('upgrading the previous schema', () => {
  it('keeps the rows of a version 2 file and builds their rollups and search index', () => {
    const file = join(dataDir, 'hub.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrate(db, file, MIGRATIONS.slice(0, 2));
    const insert = db.prepare(
      'INSERT INTO attempts (time, call_id, provider, operation, method, url, http_status, ' +
        "latency_ms, attempt, outcome, error_class, error_message, breaker_state) VALUES (?, ?, 'stripe', " +
        "'charges.create', 'POST', 'https://api.stripe.test/v1/charges', ?, ?, 1, ?, ?, ?, 'closed')",
    );
    const minute = 1_750_000_020_000 - (1_750_000_020_000 % 60_000);
    insert.run(minute + 1000, 'call-1', 200, 40, 'success', null, null);
    insert.run(minute + 2000, 'call-2', 503, 90, 'failure', 'server', 'Upstream connection refused');
    db.prepare(
      "INSERT INTO probes (time, provider, status, http_status, latency_ms) VALUES (?, 'stripe', 'up', 200, 55)",
    ).run(minute + 3000);
    db.close();

    const store = HubStore.open(dataDir);

    expect(pragma(file, 'user_version')).toBe(MIGRATIONS.length);
    expect(store.queryAttempts({}).rows.map((row) => row.callId)).toEqual(['call-2', 'call-1']);
    expect(store.queryAttempts({ text: 'refused' }).rows.map((row) => row.callId)).toEqual(['call-2']);
    const figures = store.windowFigures('stripe', minute + 59_000, 60_000);
    expect(figures).toMatchObject({ total: 2, errors: 1, ok: 1, latencyCount: 2, max: 90 });
    expect(store.windowFigures('stripe', minute + 59_000, 60_000, 'probe')).toMatchObject({
      total: 1,
      ok: 1,
      max: 55,
    });
    store.close();
  });
});

/**
 * Opening the database file: the connection, the checks that it is a hub
 * database of a supported version, the pragmas, the migrations, and the
 * mapping of every failure to a `StoreError` that names the file.
 */
import { mkdirSync } from 'node:fs';

import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

import { isStoreError, sqliteCode, StoreError } from './errors.ts';
import { assertSupportedVersion, HUB_APPLICATION_ID, migrate, schemaVersion } from './migrations.ts';
import type { Migration } from './migrations.ts';

/** WAL pages that trigger an automatic checkpoint after a commit (about 4 MB). */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

/** Size the WAL file is truncated to after a checkpoint resets it, in bytes. */
const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** Settings of `openHubDatabase`, resolved from `HubStoreOptions`. */
export interface OpenSettings {
  busyTimeoutMs: number;
  migrations: readonly Migration[];
  maxPageCount?: number;
}

/**
 * Opens or creates the database at `path` for `HubStore.open`, creating
 * `dataDir`, and brings its schema up to date. Closes the connection and
 * throws a `StoreError` when any step fails.
 */
export function openHubDatabase(dataDir: string, path: string, settings: OpenSettings): SqliteDatabase {
  const db = openConnection(dataDir, path, settings.busyTimeoutMs);
  try {
    assertHubDatabase(db, path);
    assertSupportedVersion(db, path, settings.migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    migrate(db, path, settings.migrations);
    if (settings.maxPageCount !== undefined) {
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(settings.maxPageCount))}`);
    }
  } catch (error) {
    db.close();
    throw toOpenError(error, path);
  }
  return db;
}

function openConnection(dataDir: string, path: string, busyTimeoutMs: number): SqliteDatabase {
  try {
    mkdirSync(dataDir, { recursive: true });
    return new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw toOpenError(error, path);
  }
}

/**
 * Throws `store_not_hub_database` unless the file carries the hub's
 * application id or is a new, empty database.
 */
function assertHubDatabase(db: SqliteDatabase, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === HUB_APPLICATION_ID) return;

  const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
  if (applicationId === 0 && schemaVersion(db) === 0 && objects === 0) return;

  throw new StoreError(
    'store_not_hub_database',
    `${path} is a SQLite database of another program (application_id ${applicationId}, ` +
      `${objects} schema objects), not an Integration Hub database. ` +
      'Move the file away or choose another data directory.',
  );
}

function toOpenError(error: unknown, path: string): StoreError {
  if (isStoreError(error)) return error;

  const reason = error instanceof Error ? error.message : String(error);
  if (sqliteCode(error) === 'SQLITE_NOTADB') {
    return new StoreError(
      'store_not_hub_database',
      `${path} is not a SQLite database (${reason}). ` +
        'Move the file away or choose another data directory.',
      { cause: error },
    );
  }

  return new StoreError(
    'store_open_failed',
    `Could not open the call log database ${path}: ${reason}. ` +
      'Check that the folder exists and is writable, or choose another data directory.',
    { cause: error },
  );
}

/**
 * Schema migrations of `hub.sqlite`. The list is append-only: never edit or
 * reorder a shipped migration, add a new one with the next version instead.
 * `PRAGMA user_version` stores the version of the last migration applied.
 */
import type { Database } from 'better-sqlite3';

import { StoreError } from './errors.ts';
import { backfillRollups } from './migration-backfill.ts';

/** One schema change, applied once inside a transaction. */
export interface Migration {
  /** 1 for the first migration, then consecutive. */
  version: number;
  /** Reason for the schema change, for readers of the list. */
  reason: string;
  up(db: Database): void;
}

/**
 * `PRAGMA application_id` of hub databases (the ASCII bytes `HUB1`), so the
 * store can tell its own file from another program's SQLite database.
 */
export const HUB_APPLICATION_ID = 0x48554231;

/** All migrations of this app version, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    reason: 'Create the call log, probe history and breaker transition tables.',
    up(db) {
      db.pragma(`application_id = ${HUB_APPLICATION_ID}`);
      db.exec(`
        CREATE TABLE attempts (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          call_id TEXT NOT NULL,
          provider TEXT NOT NULL,
          operation TEXT NOT NULL,
          method TEXT NOT NULL,
          url TEXT NOT NULL,
          http_status INTEGER,
          latency_ms REAL NOT NULL,
          attempt INTEGER NOT NULL,
          outcome TEXT NOT NULL,
          error_class TEXT,
          error_message TEXT,
          breaker_state TEXT NOT NULL
        );
        -- Newest-first keyset paging of all rows walks the rowid (id) itself.
        CREATE INDEX attempts_provider_id ON attempts (provider, id);
        CREATE INDEX attempts_time ON attempts (time);
        -- Finds a provider's last failure without scanning its successes.
        CREATE INDEX attempts_provider_failure ON attempts (provider, id) WHERE outcome = 'failure';

        CREATE TABLE probes (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          provider TEXT NOT NULL,
          status TEXT NOT NULL,
          http_status INTEGER,
          latency_ms REAL,
          error TEXT,
          error_class TEXT
        );
        CREATE INDEX probes_provider_time ON probes (provider, time);

        CREATE TABLE breaker_transitions (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          provider TEXT NOT NULL,
          from_state TEXT NOT NULL,
          to_state TEXT NOT NULL,
          reason TEXT NOT NULL
        );
        CREATE INDEX breaker_transitions_provider_id ON breaker_transitions (provider, id);
      `);
    },
  },
  {
    version: 2,
    reason: 'Keep the last breaker snapshot of each provider so that a restart restores it.',
    up(db) {
      db.exec(`
        CREATE TABLE breaker_snapshots (
          provider TEXT PRIMARY KEY,
          snapshot TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    reason: 'Keep the resilience events (retry, break, half-open, reset, give-up, throttle) for the logs view.',
    up(db) {
      db.exec(`
        CREATE TABLE resilience_events (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          provider TEXT NOT NULL,
          type TEXT NOT NULL,
          attempt INTEGER,
          delay_ms REAL,
          duration_ms REAL,
          detail TEXT
        );
        CREATE INDEX resilience_events_provider_id ON resilience_events (provider, id);
        CREATE INDEX resilience_events_time ON resilience_events (time);
      `);
    },
  },
  {
    version: 4,
    reason:
      'Keep per-minute counts and latency histograms, so the dashboard figures cost the ' +
      'same with a thousand rows or ten million.',
    up(db) {
      db.exec(`
        CREATE TABLE rollups (
          source TEXT NOT NULL,
          provider TEXT NOT NULL,
          minute INTEGER NOT NULL,
          total INTEGER NOT NULL,
          errors INTEGER NOT NULL,
          ok INTEGER NOT NULL,
          latency_count INTEGER NOT NULL,
          latency_max REAL,
          histogram TEXT NOT NULL,
          PRIMARY KEY (source, provider, minute)
        ) WITHOUT ROWID;
      `);
      backfillRollups(db);
    },
  },
  {
    version: 5,
    reason: 'Search the error messages of the call log by full text.',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE attempts_fts USING fts5(
          error_message, content = 'attempts', content_rowid = 'id', detail = none, columnsize = 0
        );
        INSERT INTO attempts_fts (rowid, error_message)
          SELECT id, error_message FROM attempts WHERE error_message IS NOT NULL;
        -- Rows without a message are never indexed, so ingest of successes stays cheap.
        CREATE TRIGGER attempts_fts_insert AFTER INSERT ON attempts
          WHEN new.error_message IS NOT NULL BEGIN
          INSERT INTO attempts_fts (rowid, error_message) VALUES (new.id, new.error_message);
        END;
        CREATE TRIGGER attempts_fts_delete AFTER DELETE ON attempts
          WHEN old.error_message IS NOT NULL BEGIN
          INSERT INTO attempts_fts (attempts_fts, rowid, error_message)
            VALUES ('delete', old.id, old.error_message);
        END;
        CREATE TRIGGER attempts_fts_update AFTER UPDATE OF error_message ON attempts BEGIN
          INSERT INTO attempts_fts (attempts_fts, rowid, error_message)
            SELECT 'delete', old.id, old.error_message WHERE old.error_message IS NOT NULL;
          INSERT INTO attempts_fts (rowid, error_message)
            SELECT new.id, new.error_message WHERE new.error_message IS NOT NULL;
        END;
      `);
    },
  },
  {
    version: 6,
    reason:
      'Find the attempts of one call, page rare outcomes through an index, and keep the ' +
      'redacted request headers for the detail pane.',
    up(db) {
      // Status and operation filters walk the id order instead: an index each would slow
      // every insert, and common values fill a page within a few thousand rows.
      db.exec(`
        ALTER TABLE attempts ADD COLUMN request_headers TEXT;
        CREATE INDEX attempts_call_id ON attempts (call_id);
        CREATE INDEX attempts_outcome_id ON attempts (outcome, id);
      `);
    },
  },
  {
    version: 7,
    reason:
      'Store the usage and cost of each successful call, roll it up per local hour, day and ' +
      'month, and remember which budget alerts were sent so a restart does not repeat them.',
    up(db) {
      db.exec(`
        CREATE TABLE usage (
          id INTEGER PRIMARY KEY,
          call_id TEXT NOT NULL,
          time INTEGER NOT NULL,
          provider TEXT NOT NULL,
          operation TEXT NOT NULL,
          model TEXT,
          unit TEXT NOT NULL,
          units REAL NOT NULL,
          input_units REAL NOT NULL,
          output_units REAL NOT NULL,
          measured INTEGER NOT NULL,
          cost REAL NOT NULL,
          currency TEXT NOT NULL
        );
        CREATE INDEX usage_call_id ON usage (call_id);
        CREATE INDEX usage_provider_time ON usage (provider, time);
        CREATE INDEX usage_time ON usage (time);

        -- Buckets start at local hour, day and month starts of time_zone, so changing
        -- the time zone rebuilds them from the usage table.
        CREATE TABLE usage_rollups (
          time_zone TEXT NOT NULL,
          period TEXT NOT NULL,
          start INTEGER NOT NULL,
          provider TEXT NOT NULL,
          calls INTEGER NOT NULL,
          units REAL NOT NULL,
          input_units REAL NOT NULL,
          output_units REAL NOT NULL,
          cost REAL NOT NULL,
          PRIMARY KEY (time_zone, period, provider, start)
        ) WITHOUT ROWID;

        CREATE TABLE usage_alerts (
          key TEXT PRIMARY KEY,
          time INTEGER NOT NULL,
          provider TEXT NOT NULL,
          metric TEXT NOT NULL,
          threshold REAL NOT NULL,
          window_label TEXT NOT NULL,
          window_end INTEGER NOT NULL,
          alert TEXT NOT NULL
        );
        CREATE INDEX usage_alerts_window_end ON usage_alerts (window_end);
      `);
    },
  },
];

/** Returns the schema version stored in the file, 0 for a new file. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations newer than the file's `user_version`, each in its
 * own transaction, so a failure leaves the file at the last version that
 * succeeded. Throws `store_schema_too_new` when the file is newer than the
 * newest migration, before changing anything. `fileName` only names the file
 * in messages. Returns the version the file ends at.
 */
export function migrate(
  db: Database,
  fileName: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  assertConsecutive(migrations);
  const current = assertSupportedVersion(db, fileName, migrations);
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return migrations.length;
}

/**
 * Returns the file's schema version, or throws `store_schema_too_new` when it
 * is newer than the newest of `migrations`. Reads only.
 */
export function assertSupportedVersion(
  db: Database,
  fileName: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      'store_schema_too_new',
      `The database ${fileName} has schema version ${current}, but this version of ` +
        `Integration Hub supports up to version ${latest}. Update the app to open it.`,
    );
  }

  return current;
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration at index ${index} has version ${migration.version}; expected ${index + 1}. ` +
          'Migrations must be numbered 1, 2, 3 and so on without gaps.',
      );
    }
  });
}

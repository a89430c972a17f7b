/**
 * Errors raised by the call log store. Callers recognise them by `code`, not
 * by `instanceof`, so they survive being turned into data for the bridge.
 */

export type StoreErrorCode =
  /** The database file or its folder could not be created or opened. */
  | 'store_open_failed'
  /** The file is a SQLite database that some other program made, or not SQLite at all. */
  | 'store_not_hub_database'
  /** The file was written by a newer version of the app. */
  | 'store_schema_too_new'
  /** The attempt writer dropped queued rows because its queue was full. */
  | 'store_rows_dropped';

/** An error from the store, with a code and a message that names the file and the fix. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** Returns whether `error` is a `StoreError`, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  if (!(error instanceof Error) || error.name !== 'StoreError' || !('code' in error)) return false;

  return code === undefined || error.code === code;
}

/**
 * SQLite result codes for failures that pass on their own: the file is locked
 * by another connection, the disk is full, or an I/O call failed. Extended
 * codes such as `SQLITE_IOERR_WRITE` and `SQLITE_BUSY_SNAPSHOT` match their
 * primary code.
 */
const TRANSIENT_SQLITE_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR'];

/** Returns whether a failed write is worth retrying later with the same rows. */
export function isTransientSqliteError(error: unknown): boolean {
  const code = sqliteCode(error);
  if (code === null) return false;

  return TRANSIENT_SQLITE_CODES.some(
    (primary) => code === primary || code.startsWith(`${primary}_`),
  );
}

/** Returns the SQLite result code of a better-sqlite3 error, such as `SQLITE_BUSY`, or null. */
export function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;

  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

import { StoreError } from '../../core/errors/store-error.js';
import { requireBetterSqlite3 } from '../_optional-packages.js';

/** Turns SQLite's errors into `StoreError`s that say what happened and what to do; passes others through. */
export function translateSqliteError(error: unknown, file: string, busyTimeoutMs: number): unknown {
  if (!(error instanceof requireBetterSqlite3().SqliteError)) return error;
  if (error.code === 'SQLITE_BUSY') {
    return new StoreError(
      `The run store ${file} stayed locked by another connection for over ${busyTimeoutMs} ms. Retry, or raise busyTimeoutMs.`,
      error,
      'STORE_BUSY',
    );
  }
  const code = error.code.startsWith('SQLITE_CONSTRAINT') ? 'STORE_CONFLICT' : 'STORE_ERROR';
  return new StoreError(`The run store ${file} failed: ${error.message} (${error.code}).`, error, code);
}

/**
 * Turns a statement that cannot be prepared on open (`no such table: events`) into `STORE_CORRUPT`: the file
 * claims this schema version but lacks its tables or columns, so it was edited or damaged behind Warden's back.
 */
export function translatePrepareError(error: unknown, file: string): unknown {
  if (!(error instanceof requireBetterSqlite3().SqliteError)) return error;
  return new StoreError(
    `The run store ${file} is missing part of its schema (${error.message}): it was edited or damaged outside Warden. ` +
      'Run `warden store check` for details, and restore the file from a backup or point the store at another file.',
    error,
    'STORE_CORRUPT',
  );
}

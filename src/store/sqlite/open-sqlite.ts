import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { ConfigError } from '../../core/errors/config-error.js';
import { MissingDependencyError } from '../../core/errors/missing-dependency-error.js';
import { StoreError } from '../../core/errors/store-error.js';
import { WardenError } from '../../core/errors/warden-error.js';
import { requireBetterSqlite3 } from '../_optional-packages.js';
import { inspectSqlite } from './inspect-sqlite.js';
import { migrateSqlite } from './sqlite-schema.js';

/**
 * Opens the database file for a run store: creates its directory, turns on WAL with
 * `synchronous = NORMAL` (a crash may lose the last commits but never corrupts the file) and migrates it.
 */
export function openSqlite(path: string, busyTimeoutMs: number): { db: Database.Database; file: string } {
  const inMemory = path === ':memory:';
  const file = inMemory ? path : resolve(path);
  const Sqlite = requireBetterSqlite3();
  let db: Database.Database | undefined;
  try {
    if (!inMemory) {
      if (isDirectory(file)) throw directoryGiven(file);
      mkdirSync(dirname(file), { recursive: true });
      inspectSqlite(file);
    }
    db = new Sqlite(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrateSqlite(db, file);
    return { db, file };
  } catch (error) {
    db?.close();
    throw openFailure(file, error);
  }
}

function openFailure(file: string, error: unknown): unknown {
  if (WardenError.isInstance(error)) return error;
  if (isUnbuiltAddon(error)) {
    return new MissingDependencyError(
      'better-sqlite3',
      'The SQLite run store',
      error,
      'better-sqlite3 is installed but its native addon is not built for this Node.js (install scripts skipped or another Node version). Run: npm rebuild better-sqlite3',
    );
  }
  const code = (error as { code?: string }).code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') {
    return new StoreError(
      `${file} is not a SQLite database, so it cannot hold a Warden run store. Point the store at another file, or move this one away.`,
      error,
      'STORE_NOT_SQLITE',
    );
  }
  if (code === 'SQLITE_CORRUPT') {
    return new StoreError(
      `The SQLite database ${file} is corrupt (${reason}). Restore it from a backup.`,
      error,
      'STORE_CORRUPT',
    );
  }
  return new StoreError(
    `Cannot open the run store ${file}: ${reason}. Check that its directory exists or can be created and is writable.`,
    error,
    'STORE_UNAVAILABLE',
  );
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function directoryGiven(file: string): ConfigError {
  return new ConfigError(`The run store path ${file} is a directory, not a database file.`, {
    path: 'store',
    fix: `point the store at a file, e.g. sqlite:${join(file, 'warden.db')}`,
  });
}

function isUnbuiltAddon(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'ERR_DLOPEN_FAILED' ||
    (typeof message === 'string' && message.includes('Could not locate the bindings file'))
  );
}

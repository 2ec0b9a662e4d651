import { existsSync, statSync } from 'node:fs';
import { requireBetterSqlite3 } from '../_optional-packages.js';
import { StoreError } from '../../core/errors/store-error.js';
import { versionTooNew } from '../_store-errors.js';
import { readSqliteHeader, type SqliteHeader } from './sqlite-header.js';
import { sqliteMigrations, wardenApplicationId } from './sqlite-schema.js';

/** Files up to this size get `PRAGMA quick_check` on open; larger ones only the header checks (`warden store check` does all). */
export const quickCheckMaxBytes = 64 * 1024 * 1024;

/**
 * Looks at an existing, non-empty database file read-only, before anything may change it (no WAL switch):
 * refuses a database of another program, one of a newer schema, and one whose pages are damaged. The refusals
 * the header can give come from plain file reads, so they leave no `-wal`/`-shm` beside the file.
 */
export function inspectSqlite(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size === 0) return;
  const latest = sqliteMigrations.at(-1)?.version ?? 0;
  if (!walHoldsCommits(file)) {
    const header = readSqliteHeader(file);
    if (header) checkHeader(file, header, size, latest);
  }
  const db = new (requireBetterSqlite3())(file, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== 0 && applicationId !== wardenApplicationId)
      throw notWarden(file, `application_id ${applicationId}`);
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
    if (applicationId === 0 && tables > 0) throw notWarden(file, `${tables} table(s), no Warden mark`);
    if (version > latest) throw versionTooNew(file, version, latest);
    const pages =
      (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    if (pages > size && !existsSync(`${file}-wal`))
      throw damaged(file, `the header counts ${pages} bytes of pages, the file has ${size}`);
    if (size <= quickCheckMaxBytes) {
      const result = db.pragma('quick_check(1)', { simple: true });
      if (result !== 'ok') throw damaged(file, String(result));
    }
  } finally {
    db.close();
  }
}

/**
 * The refusals the header alone can give, made before SQLite opens the file: opening a WAL database, even
 * read-only, leaves `-wal` and `-shm` files beside it that a refused file should not get.
 */
function checkHeader(file: string, header: SqliteHeader, size: number, latest: number): void {
  const { applicationId, userVersion, pageCount, pageSize } = header;
  if (applicationId !== 0 && applicationId !== wardenApplicationId)
    throw notWarden(file, `application_id ${applicationId}`);
  if (applicationId === wardenApplicationId && userVersion > latest) throw versionTooNew(file, userVersion, latest);
  if (pageCount !== undefined && pageCount * pageSize > size)
    throw damaged(file, `the header counts ${pageCount * pageSize} bytes of pages, the file has ${size}`);
}

/** Whether a `-wal` file beside the database may hold commits the database file itself does not show yet. */
function walHoldsCommits(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

function notWarden(file: string, what: string): StoreError {
  return new StoreError(
    `${file} is a SQLite database of another program (${what}), not a Warden run store. Point the store at another file.`,
    undefined,
    'STORE_NOT_WARDEN',
  );
}

function damaged(file: string, detail: string): StoreError {
  return new StoreError(
    `The SQLite database ${file} is damaged (${detail}). Run \`warden store check\` for details, and restore the file from a backup.`,
    undefined,
    'STORE_CORRUPT',
  );
}

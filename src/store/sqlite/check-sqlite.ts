import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { requireBetterSqlite3 } from '../_optional-packages.js';

/** What `PRAGMA integrity_check` found in a store file. */
export interface SqliteCheck {
  ok: boolean;
  /** `ok`, or up to `maxProblems` problems as SQLite words them. */
  problems: string[];
}

/** Runs `PRAGMA integrity_check` on a SQLite file opened read-only: it changes nothing. */
export function checkSqlite(file: string, maxProblems = 20): SqliteCheck {
  if (!existsSync(file)) return { ok: false, problems: [`${file} does not exist`] };
  let db: Database.Database | undefined;
  try {
    db = new (requireBetterSqlite3())(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(`integrity_check(${maxProblems})`, { simple: false }) as Array<{ integrity_check: string }>;
    const problems = rows.map((row) => row.integrity_check);
    return { ok: problems.length === 1 && problems[0] === 'ok', problems };
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  } finally {
    db?.close();
  }
}

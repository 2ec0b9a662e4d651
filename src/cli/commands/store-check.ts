import { type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../core/errors/config-error.js';
import { checkSqlite } from '../../store/sqlite/check-sqlite.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIO } from '../io.js';

/**
 * `warden store check [file]`: an integrity check of a SQLite run store, and what to do when it fails.
 * Throws `ConfigError` for a path that is missing or a directory.
 */
export function storeCheckCommand(io: CliIO, location: string | undefined): number {
  const spec = location ?? 'sqlite:.warden/warden.db';
  if (!spec.startsWith('sqlite:') && /^[a-z]+:/.test(spec)) {
    io.stderr(`error: store check works on SQLite stores only (got ${spec}); for PostgreSQL use its own tools.\n`);
    return exitCodes.usage;
  }
  const file = resolve(io.cwd, spec.replace(/^sqlite:/, ''));
  assertIsFile(file);
  const result = checkSqlite(file);
  if (result.ok) {
    io.stdout(`${file}: ok (PRAGMA integrity_check found no problem)\n`);
    return exitCodes.ok;
  }
  io.stderr(
    `${file}: damaged\n${result.problems.map((problem) => `  ${problem}`).join('\n')}\n` +
      'What to do: stop every Warden process using it, copy the file aside, then restore it from a backup; ' +
      'or salvage what is readable with `sqlite3 <file> .recover | sqlite3 recovered.db` and point --store at the new file.\n',
  );
  return exitCodes.internal;
}

/** A path that is no file is the user's slip, not a damaged store: say so, rather than advise a restore. */
function assertIsFile(file: string): void {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    throw new ConfigError(
      `There is no store file ${file} to check.`,
      { fix: 'name the store file, e.g. warden store check sqlite:.warden/warden.db' },
      'STORE_NOT_FOUND',
    );
  }
  if (stats.isDirectory()) {
    throw new ConfigError(`${file} is a directory, not a store file.`, {
      fix: `name the database file, e.g. warden store check sqlite:${join(file, 'warden.db')}`,
    });
  }
}

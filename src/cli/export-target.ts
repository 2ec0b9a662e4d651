import { closeSync, openSync, readSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors/config-error.js';
import { WardenError } from '../core/errors/warden-error.js';

/** Files SQLite keeps beside a database; writing over any of them damages the store. */
const sqliteSidecars = ['', '-wal', '-shm', '-journal'];

const sqliteMagic = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Checks `-o <out>` before an export reads anything, and returns its absolute path. Throws `ConfigError`
 * (exit 2) for the run store's own file (or its `-wal`/`-shm`), any other SQLite database, a directory and a
 * folder that does not exist: an export must never replace data it was not asked to replace.
 */
export function exportTarget(out: string, cwd: string, storeLocation: string): string {
  const target = resolve(cwd, out);
  const storeFile = sqliteFileOf(storeLocation);
  const existing = statOrUndefined(target);
  if (storeFile !== undefined) {
    for (const suffix of sqliteSidecars) {
      if (sameFile(target, existing, `${storeFile}${suffix}`)) {
        throw new ConfigError(
          `-o ${out} is ${suffix ? `the ${suffix.slice(1)} file of ` : ''}the run store being exported (${storeFile}); writing the export there would destroy the runs.`,
          { fix: `write the export to another file, e.g. -o ${join(dirname(out), 'runs.jsonl')}` },
          'EXPORT_TARGET_INVALID',
        );
      }
    }
  }
  if (existing?.isDirectory()) {
    throw new ConfigError(
      `-o ${out} is a directory.`,
      { fix: `name a file in it, e.g. -o ${join(out, 'runs.jsonl')}` },
      'EXPORT_TARGET_INVALID',
    );
  }
  if (existing?.isFile() && isSqliteDatabase(target)) {
    throw new ConfigError(
      `-o ${out} is a SQLite database; the export would replace it with JSON lines.`,
      { fix: `write the export to a .jsonl file, e.g. -o ${basename(out).replace(/\.[^.]*$/, '')}.jsonl` },
      'EXPORT_TARGET_INVALID',
    );
  }
  const folder = dirname(target);
  if (!statOrUndefined(folder)?.isDirectory()) {
    throw new ConfigError(
      `The folder of -o ${out} (${folder}) does not exist.`,
      { fix: `create it first (mkdir -p ${folder}), or write the export elsewhere` },
      'EXPORT_TARGET_INVALID',
    );
  }
  return target;
}

/** Writes the export to a path `exportTarget` accepted; a write that still fails is a typed error. */
export function writeExport(target: string, out: string, text: string): void {
  try {
    writeFileSync(target, text);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EISDIR' || code === 'ENOENT') {
      throw new ConfigError(
        `Cannot write the export to -o ${out}: ${message}.`,
        { fix: 'write it to a file you can write, or to stdout without -o' },
        'EXPORT_TARGET_INVALID',
      );
    }
    throw new WardenError({
      code: 'EXPORT_WRITE_FAILED',
      fault: 'system',
      message: `Writing the export to ${target} failed: ${message ?? String(error)}. Free some space or write it elsewhere; the run store is unchanged.`,
      cause: error,
    });
  }
}

/** The database file of a SQLite store location (`sqlite:<path>`), or `undefined` for other stores. */
function sqliteFileOf(location: string): string | undefined {
  const path = /^sqlite:(.+)$/.exec(location)?.[1];
  return path === undefined || path === ':memory:' ? undefined : resolve(path);
}

/** The same path, or the same file under another name (a link, another case on a case-insensitive disk). */
function sameFile(target: string, targetStats: Stats | undefined, other: string): boolean {
  if (target === other) return true;
  const otherStats = targetStats && statOrUndefined(other);
  return otherStats !== undefined && otherStats.dev === targetStats?.dev && otherStats.ino === targetStats.ino;
}

function isSqliteDatabase(file: string): boolean {
  const bytes = Buffer.alloc(sqliteMagic.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, bytes, 0, bytes.length, 0) === bytes.length && bytes.equals(sqliteMagic);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

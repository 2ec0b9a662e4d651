import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { exportTarget, writeExport } from './export-target.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-export-target-'));
const store = `sqlite:${join(dir, 'runs.db')}`;

describe('exportTarget', () => {
  it('accepts a new file in an existing folder, and returns its absolute path', () => {
    expect(exportTarget('runs.jsonl', dir, store)).toBe(join(dir, 'runs.jsonl'));
  });

  it.each([['runs.db'], ['runs.db-wal'], ['runs.db-shm'], ['./sub/../runs.db']])(
    'refuses %s, a file of the run store being exported',
    (out) => {
      expect(() => exportTarget(out, dir, store)).toThrow(/\[?the run store being exported .*Fix: write the export/);
    },
  );

  it('refuses another SQLite database, and leaves it as it was', () => {
    const other = join(dir, 'actions.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = readFileSync(other);
    expect(() => exportTarget('actions.db', dir, store)).toThrow(/is a SQLite database.*Fix: .*actions\.jsonl/);
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('overwrites an existing JSONL file, which is what -o is for', () => {
    writeFileSync(join(dir, 'old.jsonl'), 'old\n');
    writeExport(exportTarget('old.jsonl', dir, store), 'old.jsonl', 'new\n');
    expect(readFileSync(join(dir, 'old.jsonl'), 'utf8')).toBe('new\n');
  });

  it('gives a directory and a missing folder a usage error with the fix', () => {
    expect(() => exportTarget('.', dir, store)).toThrow(
      expect.objectContaining({
        code: 'EXPORT_TARGET_INVALID',
        fault: 'user',
        message: expect.stringMatching(/is a directory/),
      }),
    );
    expect(() => exportTarget('no/such/out.jsonl', dir, store)).toThrow(/does not exist.*Fix: create it first/);
  });

  it('checks no store file for a store that is not SQLite', () => {
    expect(exportTarget('runs.db-wal', dir, 'memory')).toBe(join(dir, 'runs.db-wal'));
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../core/errors/store-error.js';
import { newRun, stepEvent } from '../run-store-case-kit.js';
import { migrateSqlite, sqliteMigrations } from './sqlite-schema.js';
import { createSqliteStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'warden-sqlite-schema-'));
let files = 0;
const freshFile = () => join(directory, `store-${++files}.db`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const openError = (path: string): unknown => {
  try {
    createSqliteStore({ path });
  } catch (error) {
    return error;
  }
  throw new Error(`opening ${path} did not fail`);
};

const withRaw = (path: string, work: (db: Database.Database) => void) => {
  const db = new Database(path);
  work(db);
  db.close();
};

describe('SQLite schema', () => {
  it('creates a new file at the newest schema version, marked as Warden', async () => {
    const path = freshFile();
    await createSqliteStore({ path }).close();
    withRaw(path, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.at(-1)?.version);
      expect(db.pragma('application_id', { simple: true })).toBe(0x5752444e);
    });
  });

  it('opens an empty existing file', async () => {
    const path = freshFile();
    writeFileSync(path, '');
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    await store.close();
  });

  it('refuses a file written by a newer schema, saying the file, both versions and what to do', async () => {
    const path = freshFile();
    await createSqliteStore({ path }).close();
    withRaw(path, (db) => db.pragma('user_version = 99'));
    const error = openError(path);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_VERSION_TOO_NEW' });
    const { message } = error as StoreError;
    for (const part of [path, 'schema version 99', `up to ${sqliteMigrations.at(-1)?.version}`, 'Upgrade Warden'])
      expect(message).toContain(part);
  });

  it('refuses a file that is not a SQLite database and leaves it as it was', () => {
    const path = freshFile();
    const content = 'name,value\n'.repeat(50);
    writeFileSync(path, content);
    const error = openError(path);
    expect(error).toMatchObject({ code: 'STORE_NOT_SQLITE', message: expect.stringContaining(path) });
    expect((error as Error).message).toContain('is not a SQLite database');
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it("refuses another program's SQLite database", () => {
    const path = freshFile();
    withRaw(path, (db) => db.exec('PRAGMA application_id = 42; CREATE TABLE notes (body TEXT)'));
    expect(openError(path)).toMatchObject({ code: 'STORE_NOT_WARDEN', message: expect.stringContaining('42') });
  });

  it('says why when the path cannot be opened', () => {
    const file = freshFile();
    writeFileSync(file, '');
    const path = join(file, 'under-a-file.db');
    expect(openError(path)).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining(path) });
  });

  it('says a path that is a directory is one, and to point at a file', () => {
    const path = join(directory, 'a-directory.db');
    mkdirSync(path);
    expect(openError(path)).toMatchObject({
      code: 'CONFIG_INVALID',
      fault: 'user',
      message: expect.stringMatching(
        /a-directory\.db is a directory, not a database file\. Fix: point the store at a file/,
      ),
    });
  });

  it('names the run and seq of an event whose JSON is corrupt', async () => {
    const path = freshFile();
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    await store.append('r1', [stepEvent('r1', 0)]);
    await store.append('r1', [stepEvent('r1', 1)]);
    withRaw(path, (db) => db.prepare('UPDATE events SET data = \'{"step": 1,\' WHERE seq = 1').run());
    const error = await store.readEvents('r1').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining('Event 1 of run r1') });
    expect(await store.readEvents('r1', { limit: 1 })).toStrictEqual([stepEvent('r1', 0)]);
    withRaw(path, (db) => db.prepare("UPDATE events SET data = '[1]' WHERE seq = 1").run());
    await expect(store.readEvents('r1')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await store.close();
  });

  it.each([
    ['not JSON', '[{"type":"step-start"'],
    ['not an array', '{"type":"step-start","time":1}'],
    ['an array of the wrong length', '[{"type":"step-start","time":1}]'],
    ['an element without a type', '[{"type":"step-start","time":1},{"time":1}]'],
    ['an element that is not an object', '[{"type":"step-start","time":1},7]'],
  ])('names the run and seqs of a batch row that is %s', async (_name, data) => {
    const path = freshFile();
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    await store.append('r1', [stepEvent('r1', 0), stepEvent('r1', 1)]);
    expect(await store.readEvents('r1')).toStrictEqual([stepEvent('r1', 0), stepEvent('r1', 1)]);
    withRaw(path, (db) => db.prepare('UPDATE events SET data = ? WHERE seq = 0').run(data));
    await expect(store.readEvents('r1')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/Events? [01].* of run r1/),
    });
    await store.close();
  });

  it('reads and extends a schema-1 file: its one-row-per-event log, its lastSeq, then batch rows after it', async () => {
    const path = freshFile();
    withRaw(path, (db) => {
      db.pragma('journal_mode = WAL');
      migrateSqlite(db, path, sqliteMigrations.slice(0, 1));
      db.prepare(
        "INSERT INTO runs (id, agent, model, status, input, created_at, updated_at, usage, last_seq) VALUES ('r1', 'a', 'm', 'running', 'hi', 1, 1, '{\"inputTokens\":0,\"outputTokens\":0,\"totalTokens\":0}', 1)",
      ).run();
      const insert = db.prepare('INSERT INTO events (run_id, seq, type, time, data) VALUES (?, ?, ?, ?, ?)');
      for (const seq of [0, 1]) {
        const { runId: _r, seq: _s, type, time, ...payload } = stepEvent('r1', seq);
        insert.run('r1', seq, type, time, JSON.stringify(payload));
      }
    });
    const store = createSqliteStore({ path });
    expect((await store.getRun('r1'))?.lastSeq).toBe(1);
    expect(await store.readEvents('r1')).toStrictEqual([stepEvent('r1', 0), stepEvent('r1', 1)]);
    await expect(store.append('r1', [stepEvent('r1', 1)])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    await store.append(
      'r1',
      [2, 3, 4].map((seq) => stepEvent('r1', seq)),
    );
    await store.append('r1', [stepEvent('r1', 5)]);
    expect((await store.getRun('r1'))?.lastSeq).toBe(5);
    const all = [0, 1, 2, 3, 4, 5].map((seq) => stepEvent('r1', seq));
    expect(await store.readEvents('r1')).toStrictEqual(all);
    for (const afterSeq of [-1, 0, 1, 2, 3, 4, 5]) {
      for (const limit of [1, 2, 4, 100]) {
        expect(await store.readEvents('r1', { afterSeq, limit })).toStrictEqual(
          all.filter((event) => event.seq > afterSeq).slice(0, limit),
        );
      }
    }
    await store.close();
  });

  it('names the run and column of a run whose JSON is corrupt', async () => {
    const path = freshFile();
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    withRaw(path, (db) => db.prepare("UPDATE runs SET usage = 'not json' WHERE id = 'r1'").run());
    await expect(store.getRun('r1')).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('usage of run r1'),
    });
    await expect(store.listRuns()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await store.close();
  });

  it('applies only the migrations a file lacks, in order, and a newer file is then refused by older code', async () => {
    const path = freshFile();
    await createSqliteStore({ path }).close();
    const applied: number[] = [];
    const next = (sqliteMigrations.at(-1)?.version ?? 0) + 1;
    const withNext = [
      ...sqliteMigrations,
      {
        version: next,
        up(db: Database.Database) {
          applied.push(next);
          db.exec('ALTER TABLE runs ADD COLUMN tags TEXT');
        },
      },
    ];
    withRaw(path, (db) => {
      migrateSqlite(db, path, withNext);
      migrateSqlite(db, path, withNext);
      expect(db.pragma('user_version', { simple: true })).toBe(next);
      expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('runs') WHERE name = 'tags'").get()).toEqual({
        n: 1,
      });
    });
    expect(applied).toEqual([next]);
    expect(openError(path)).toMatchObject({ code: 'STORE_VERSION_TOO_NEW' });
  });

  it('rolls back a migration that fails, leaving the version as it was', () => {
    const path = freshFile();
    const failing = [
      {
        version: 1,
        up(db: Database.Database) {
          db.exec('CREATE TABLE half (x)');
          throw new Error('migration bug');
        },
      },
    ];
    withRaw(path, (db) => {
      expect(() => migrateSqlite(db, path, failing)).toThrow('migration bug');
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
    });
  });
});

describe('SQLite store: refuse before changing anything', () => {
  const sidecars = (path: string) => [`${path}-wal`, `${path}-shm`].filter((file) => existsSync(file));

  it.each([
    [
      'another program’s database',
      (db: Database.Database) => db.exec('PRAGMA application_id = 42; CREATE TABLE notes (body TEXT)'),
      'STORE_NOT_WARDEN',
    ],
    [
      'an unmarked foreign database',
      (db: Database.Database) => db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')"),
      'STORE_NOT_WARDEN',
    ],
    [
      'a newer schema',
      (db: Database.Database) =>
        db.exec(`PRAGMA application_id = ${0x5752444e}; PRAGMA user_version = 99; CREATE TABLE runs (id TEXT)`),
      'STORE_VERSION_TOO_NEW',
    ],
  ])('refuses %s without a WAL switch or -wal/-shm files, leaving its bytes as they were', (_name, setup, code) => {
    const path = freshFile();
    withRaw(path, setup);
    const before = readFileSync(path);
    expect(openError(path)).toMatchObject({ code });
    expect(sidecars(path)).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);
    withRaw(path, (db) => expect(db.pragma('journal_mode', { simple: true })).toBe('delete'));
  });

  it('refuses a store damaged in its middle pages, saying to run `warden store check`', async () => {
    const path = freshFile();
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    await store.append(
      'r1',
      Array.from({ length: 400 }, (_, seq) => stepEvent('r1', seq)),
    );
    await store.close();
    withRaw(path, (db) => db.pragma('journal_mode = DELETE'));
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    const middle = Math.floor(bytes.length / pageSize / 2) * pageSize;
    bytes.fill(0xa5, middle, middle + pageSize);
    writeFileSync(path, bytes);
    expect(openError(path)).toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('warden store check'),
    });
  });
});

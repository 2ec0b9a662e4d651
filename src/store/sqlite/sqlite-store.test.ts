import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/clock.js';
import { describeRunStoreConformance } from '../run-store.case.js';
import { newRun, stepEvent } from '../run-store-case-kit.js';
import { openSqlite } from './open-sqlite.js';
import { createSqliteStore, type SqliteRunStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'warden-sqlite-store-'));
let files = 0;
const freshFile = () => join(directory, `store-${++files}.db`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeRunStoreConformance('sqlite (:memory:)', {
  open: async ({ clock }) => createSqliteStore({ path: ':memory:', clock }),
});
describeRunStoreConformance('sqlite (file)', {
  open: async ({ clock }) => createSqliteStore({ path: freshFile(), clock }),
  connectAgain: async (store, { clock }) => createSqliteStore({ path: (store as SqliteRunStore).file, clock }),
});

describe('SQLite run store', () => {
  it('keeps runs and events in its file across reopening', async () => {
    const path = freshFile();
    const first = createSqliteStore({ path });
    await first.createRun(newRun('r1'));
    await first.append('r1', [stepEvent('r1', 0), stepEvent('r1', 1)]);
    await first.updateRun('r1', { status: 'completed', output: { ok: true } });
    await first.close();

    const second = createSqliteStore({ path });
    expect(second.location).toBe(`sqlite:${path}`);
    expect(await second.readEvents('r1')).toStrictEqual([stepEvent('r1', 0), stepEvent('r1', 1)]);
    expect(await second.getRun('r1')).toMatchObject({ status: 'completed', output: { ok: true }, lastSeq: 1 });
    await second.close();
  });

  it('stores each lone surrogate of a run input as one U+FFFD, keeping whole pairs and NUL', async () => {
    const store = createSqliteStore({ path: freshFile() });
    await store.createRun(newRun('cut', { input: 'nul \u0000 cut \ud83d, low \udc4d, whole \ud83d\ude00' }));
    expect((await store.getRun('cut'))?.input).toBe('nul \u0000 cut \uFFFD, low \uFFFD, whole \ud83d\ude00');
    await store.close();
  });

  it('creates the directory of its file, in WAL mode with synchronous = NORMAL', async () => {
    const path = join(directory, 'nested', 'deeper', 'warden.db');
    const { db } = openSqlite(path, 1000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('checks seq continuity against the file, so two connections cannot fork a log', async () => {
    const path = freshFile();
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    await a.createRun(newRun('r1'));
    await a.append('r1', [stepEvent('r1', 0)]);
    await expect(b.append('r1', [stepEvent('r1', 0)])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    await b.append('r1', [stepEvent('r1', 1)]);
    expect((await a.readEvents('r1')).map((event) => event.seq)).toEqual([0, 1]);
    await Promise.all([a.close(), b.close()]);
  });

  it('takes updatedAt from its clock when a patch does not give one, never moving it back', async () => {
    const clock = createManualClock(5000);
    const store = createSqliteStore({ path: ':memory:', clock });
    await store.createRun(newRun('r1', { createdAt: 1000 }));
    await store.updateRun('r1', { steps: 1 });
    expect((await store.getRun('r1'))?.updatedAt).toBe(5000);
    await store.updateRun('r1', { updatedAt: 9000 });
    await store.updateRun('r1', { steps: 2 });
    expect((await store.getRun('r1'))?.updatedAt).toBe(9000);
    await store.close();
  });

  it('fails with STORE_BUSY when another connection holds the write lock past the timeout', async () => {
    const path = freshFile();
    const store = createSqliteStore({ path, busyTimeoutMs: 20 });
    await store.createRun(newRun('r1'));
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const error = await store.append('r1', [stepEvent('r1', 0)]).catch((reason: unknown) => reason);
    other.exec('ROLLBACK');
    other.close();
    expect(error).toMatchObject({ code: 'STORE_BUSY', message: expect.stringContaining('busyTimeoutMs') });
    await store.append('r1', [stepEvent('r1', 0)]);
    await store.close();
  });

  it('refuses calls after close with STORE_CLOSED', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    await store.close();
    await expect(store.getRun('r1')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});

describe('SQLite group commit', () => {
  it('commits appends made together, each with its own outcome', async () => {
    const store = createSqliteStore({ path: freshFile() });
    await store.createRun(newRun('r1'));
    await store.createRun(newRun('r2'));
    const results = await Promise.allSettled([
      store.append('r1', [stepEvent('r1', 0)]),
      store.append('r2', [stepEvent('r2', 0), stepEvent('r2', 1)]),
      store.append('r1', [stepEvent('r1', 5)]),
      store.append('missing', [stepEvent('missing', 0)]),
      store.append('r1', [stepEvent('r1', 1)]),
    ]);
    expect(results.map((result) => (result.status === 'fulfilled' ? 'ok' : result.reason.code))).toEqual([
      'ok',
      'ok',
      'STORE_CONFLICT',
      'NOT_FOUND',
      'ok',
    ]);
    expect((await store.readEvents('r1')).map((event) => event.seq)).toEqual([0, 1]);
    expect((await store.readEvents('r2')).map((event) => event.seq)).toEqual([0, 1]);
    await store.close();
  });

  it('commits pending appends on close', async () => {
    const path = freshFile();
    const store = createSqliteStore({ path });
    await store.createRun(newRun('r1'));
    const pending = store.append('r1', [stepEvent('r1', 0)]);
    await store.close();
    await pending;
    const reopened = createSqliteStore({ path });
    expect(await reopened.readEvents('r1')).toStrictEqual([stepEvent('r1', 0)]);
    await reopened.close();
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { MemoryRunStore } from './memory-store.js';
import { openStore } from './open-store.js';
import { newRun } from './run-store-case-kit.js';
import { SqliteRunStore } from './sqlite/sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'warden-open-store-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens the memory store', async () => {
    const store = await openStore('memory');
    expect(store).toBeInstanceOf(MemoryRunStore);
    expect(store.location).toBe('memory');
  });

  it.each([
    ['sqlite:<path>', (path: string) => `sqlite:${path}`],
    ['a bare path ending in .db', (path: string) => path],
  ])('opens SQLite for %s, creating the file', async (_, locationOf) => {
    const path = join(directory, `${Math.random().toString(36).slice(2)}.db`);
    const store = await openStore(locationOf(path));
    expect(store).toBeInstanceOf(SqliteRunStore);
    expect(store.location).toBe(`sqlite:${path}`);
    await store.createRun(newRun('r1'));
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('opens a throwaway SQLite store for sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:');
    expect((store as SqliteRunStore).file).toBe(':memory:');
    await store.close();
  });

  it.each(['postgres', 'postgresql', 'POSTGRES'])('opens PostgreSQL for %s:// URLs', async (scheme) => {
    const error = await openStore(`${scheme}://warden:secret@127.0.0.1:1/none`).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('PostgreSQL') });
  });

  it('takes the PostgreSQL schema from ?schema=', async () => {
    const invalid = await openStore('postgres://u@127.0.0.1:1/none?schema=not-valid').catch((reason) => reason);
    expect(invalid).toBeInstanceOf(ConfigError);
    expect((invalid as Error).message).toContain('"not-valid"');
    const unreachable = await openStore('postgres://u@127.0.0.1:1/none?schema=custom&sslmode=disable').catch(
      (reason) => reason,
    );
    expect((unreachable as Error).message).toContain('postgres://u@127.0.0.1:1/none?sslmode=disable&schema=custom');
  });

  it.each(['mysql://localhost/db', 'runs.txt', '', 'sqlite:', 'memory:'])(
    'refuses %j with a ConfigError that says what to write',
    async (location) => {
      const error = await openStore(location).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).fix).toMatch(/sqlite:/);
      expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    },
  );
});

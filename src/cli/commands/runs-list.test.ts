import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRun } from '../../store/run-store-case-kit.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

describe('warden runs list', () => {
  it('filters by --tenant and shows which worker holds each run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-runs-list-'));
    const location = `sqlite:${join(dir, 'runs.db')}`;
    const store = createSqliteStore({ path: join(dir, 'runs.db') });
    await store.createRun(newRun('run_acme', { tenant: 'acme', createdAt: Date.now() }));
    await store.createRun(newRun('run_globex', { tenant: 'globex', createdAt: Date.now() }));
    await store.createRun(newRun('run_free', { tenant: 'acme', status: 'interrupted', createdAt: Date.now() - 1 }));
    await store.claim('run_acme', 'worker-7@host-a', 60_000);
    await store.close();
    const io = memoryIO({ cwd: dir, env: {} });
    expect(await runCommand(['runs', 'list', '--tenant', 'acme', '--store', location], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(/RUN\s+AGENT\s+STATUS\s+TENANT\s+HELD BY/);
    expect(lines.find((line) => line.startsWith('run_acme'))).toMatch(/running\s+acme\s+worker-7@host-a/);
    expect(lines.find((line) => line.startsWith('run_free'))).toMatch(/interrupted\s+acme\s+-/);
    expect(io.out()).not.toContain('run_globex');
  });
});

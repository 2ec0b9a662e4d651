import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeActionStoreConformance } from './action-store.case.js';
import { createSqliteActionStore } from './sqlite-action-store.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeActionStoreConformance('SQLite', () => createSqliteActionStore({ path: join(dir, `a${n++}.db`) }));

it('keeps saved functions across a reopen of the file', async () => {
  const path = join(dir, 'reopen.db');
  const first = createSqliteActionStore({ path });
  await first.save({ name: 'f', signature: 'f()', docstring: 'd', code: 'function f() {}' }, 1);
  await first.close();
  const second = createSqliteActionStore({ path });
  expect((await second.get('f'))?.version).toBe(1);
  await second.close();
});

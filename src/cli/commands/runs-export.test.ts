import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newRun, stepEvent } from '../../store/run-store-case-kit.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-runs-export-'));

async function cli(args: string[]) {
  const io = memoryIO({ cwd: dir, env: {} });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A store whose run r1 has a run-start without agent, model or input, then two steps. */
async function damagedStore(name: string): Promise<string> {
  const file = join(dir, name);
  const store = createSqliteStore({ path: file });
  await store.createRun(newRun('r1', { status: 'completed' }));
  await store.append(
    'r1',
    [0, 1, 2].map((seq) => stepEvent('r1', seq)),
  );
  await store.close();
  const db = new Database(file);
  db.exec(
    `UPDATE events SET data = '[{"type":"run-start","time":1},{"type":"step-start","time":2,"step":1},{"type":"model-response","time":3,"syscallId":"s1"}]'`,
  );
  db.close();
  return `sqlite:${file}`;
}

describe('warden runs export and show on a damaged log', () => {
  it('jsonl exports every stored event as it is, with a warning, and exits 0', async () => {
    const store = await damagedStore('jsonl.db');
    const result = await cli(['runs', 'export', 'r1', '--store', store]);
    expect(result.code).toBe(0);
    expect(
      result.out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['run-start', 'step-start', 'model-response']);
    expect(result.err).toMatch(
      /^warning: the log of run r1 is damaged \(.*run-start.*\); its events are exported as stored/,
    );
  });

  it('openai-chat leaves the damaged run out, writes nothing to -o of it, and says which run and why', async () => {
    const store = await damagedStore('chat.db');
    const result = await cli([
      'runs',
      'export',
      '--all',
      '--format',
      'openai-chat',
      '-o',
      'chat.jsonl',
      '--store',
      store,
    ]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(
      /^error: \[EVENT_INVALID\] 1 run\(s\) with a damaged log were left out .*run r1, event 0 \(run-start\) lacks its agent, model or input.*Wrote 0 line\(s\) for 0 run\(s\) to chat\.jsonl/,
    );
    expect(existsSync(join(dir, 'chat.jsonl'))).toBe(true);
  });

  it('show prints the readable timeline, then fails with EVENT_INVALID naming the unreadable event', async () => {
    const store = await damagedStore('show.db');
    const result = await cli(['runs', 'show', 'r1', '--store', store]);
    expect(result.code).toBe(4);
    expect(result.out).toMatch(/step-start\s+step 1/);
    expect(result.out).toMatch(/model-response\s+\(damaged\)/);
    expect(result.err).toMatch(/^error: \[EVENT_INVALID\] The log of run r1 is damaged: .*event 2 \(model-response\)/);
    expect(result.err).toMatch(/Salvage every stored event with `warden runs export r1 -o r1\.jsonl`/);
  });
});

describe('read-only commands and a store path that does not exist', () => {
  it.each([[['runs', 'list']], [['runs', 'show', 'r1']], [['runs', 'export', '--all']]])(
    '%j refuses it with STORE_NOT_FOUND and creates nothing',
    async (args) => {
      const missing = join(dir, 'misspelt', 'runz.db');
      const result = await cli([...args, '--store', `sqlite:${missing}`]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(
        /^error: \[STORE_NOT_FOUND\] store: There is no run store at .*runz\.db.*Fix: check the path/,
      );
      expect(existsSync(join(dir, 'misspelt'))).toBe(false);
    },
  );
});

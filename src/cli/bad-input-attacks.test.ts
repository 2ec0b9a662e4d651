// Attacks on the CLI's promise: bad input (config, store files, arguments) gets a clear typed error that says
// what to do, a non-zero exit code, and loses no data (the store's bytes are compared before and after).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newRun, stepEvent } from '../store/run-store-case-kit.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { memoryIO } from './io.js';
import { runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-cli-attacks-'));

async function cli(args: string[]) {
  const io = memoryIO({ cwd: dir, env: {} });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

/**
 * A sound Warden store with run r1 (completed) and `events` events in one append. Completed, because a run
 * left `running` with no live owner is marked `interrupted` by any command that opens the store (by design:
 * run-command.test.ts), which would change the bytes the tests compare without losing anything.
 */
async function storeWith(name: string, events = 3): Promise<string> {
  const file = join(dir, name);
  const store = createSqliteStore({ path: file });
  await store.createRun(newRun('r1', { status: 'completed' }));
  await store.append(
    'r1',
    Array.from({ length: events }, (_, seq) => stepEvent('r1', seq)),
  );
  await store.close();
  return file;
}

/** Edits a store file behind Warden's back, as a damaged disk, a bad restore or a curious user would. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

/** The typed-error shape every CLI failure should have: `error: [CODE] …`. */
const typed = /^error: \[[A-Z_]+\] /;

const config = (name: string, agentBody: string) => {
  writeFileSync(
    join(dir, name),
    `models:\n  local: { provider: openai-compatible, baseURL: "http://127.0.0.1:9/v1", model: m, apiKey: t }\nagents:\n  helper:\n    model: local\n${agentBody}store: sqlite:cfg-runs.db\n`,
  );
  return name;
};

describe('CLI bad input: breaks the promise would be', () => {
  it('runs export -o refuses to overwrite the run store it reads, and the store stays intact', async () => {
    const file = await storeWith('export-self.db');
    const before = readFileSync(file);
    const result = await cli(['runs', 'export', '--all', '-o', 'export-self.db', '--store', `sqlite:${file}`]);
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(typed);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
    const list = await cli(['runs', 'list', '--json', '--store', `sqlite:${file}`]);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as Array<{ id: string }>).map((run) => run.id)).toEqual(['r1']);
  });

  it('runs export -o <a directory> is a usage error with a fix, not a raw EISDIR', async () => {
    const file = await storeWith('export-dir.db');
    mkdirSync(join(dir, 'out-dir'), { recursive: true });
    const result = await cli(['runs', 'export', '--all', '-o', 'out-dir', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(typed);
  });

  it('runs export -o into a folder that does not exist is a usage error with a fix, not a raw ENOENT', async () => {
    const file = await storeWith('export-enoent.db');
    const result = await cli([
      'runs',
      'export',
      '--all',
      '-o',
      'no/such/folder/out.jsonl',
      '--store',
      `sqlite:${file}`,
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(typed);
  });

  it.each([['constructor'], ['toString'], ['__proto__'], ['hasOwnProperty']])(
    'run %s (an agent name that is an Object.prototype key) says there is no such agent',
    async (name) => {
      const result = await cli(['run', name, 'hi', '--config', config('proto-agents.yaml', '')]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/\[CONFIG_INVALID\].*No agent named .*helper/);
    },
  );

  it('an agent tool agent:valueOf (an Object.prototype key) says there is no such agent', async () => {
    const result = await cli([
      'run',
      'helper',
      'hi',
      '--config',
      config('proto-tool.yaml', '    tools: ["agent:valueOf"]\n'),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[CONFIG_INVALID\].*No agent named "valueOf"/);
  });

  it('a tool mcp:constructor (an Object.prototype key) says there is no such MCP server', async () => {
    const result = await cli([
      'run',
      'helper',
      'hi',
      '--config',
      config('proto-mcp.yaml', '    tools: ["mcp:constructor"]\n'),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[CONFIG_INVALID\].*No MCP server named "constructor"/);
  });

  it('runs list --status with a misspelt status is a usage error naming the statuses, not "No runs yet"', async () => {
    const file = await storeWith('status.db');
    const result = await cli(['runs', 'list', '--status', 'runing', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/runing/);
    expect(result.err).toMatch(/running/);
  });

  it('runs show on a stored event that lacks its fields is a typed store error, not a TypeError', async () => {
    const file = await storeWith('bad-event.db');
    tamper(
      file,
      `UPDATE events SET data = '[{"type":"tool-call","time":1},{"type":"model-response","time":2},{"type":"run-start","time":3}]'`,
    );
    const before = readFileSync(file);
    const result = await cli(['runs', 'show', 'r1', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[(STORE_CORRUPT|EVENT_INVALID)\] /);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('runs export --format openai-chat (the salvage the damaged-log error recommends) gives a typed error on a damaged run-start', async () => {
    const file = await storeWith('bad-start.db');
    tamper(
      file,
      `UPDATE events SET data = '[{"type":"run-start","time":1},{"type":"step-start","time":2,"step":1},{"type":"step-start","time":3,"step":2}]'`,
    );
    const result = await cli(['runs', 'export', 'r1', '--format', 'openai-chat', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[(STORE_CORRUPT|EVENT_INVALID)\] /);
  });

  it('a Warden store whose events table is gone is a typed store error, and the file is untouched', async () => {
    const file = await storeWith('no-events.db');
    tamper(file, 'DROP TABLE events');
    const before = readFileSync(file);
    const result = await cli(['runs', 'list', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_[A-Z_]+\] /);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('a runs row with an unknown status and a non-numeric cost is reported as corrupt, not passed on', async () => {
    const file = await storeWith('bad-row.db');
    tamper(file, "UPDATE runs SET status = 'zombie', cost_usd = 'abc'");
    const result = await cli(['runs', 'list', '--json', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_CORRUPT\] .*r1/);
  });

  it('--store sqlite:<a directory> says the path is a directory (not "disk I/O error", not "check it is writable")', async () => {
    mkdirSync(join(dir, 'a-folder.db'), { recursive: true });
    const result = await cli(['runs', 'list', '--store', `sqlite:${join(dir, 'a-folder.db')}`]);
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(typed);
    expect(result.err).toMatch(/is a directory/i);
  });

  it('store check on a directory does not call it a damaged database to restore from backup', async () => {
    mkdirSync(join(dir, 'check-folder'), { recursive: true });
    const result = await cli(['store', 'check', `sqlite:${join(dir, 'check-folder')}`]);
    expect(result.code).not.toBe(0);
    expect(result.err).not.toMatch(/damaged/);
    expect(result.err).toMatch(/directory/i);
  });

  it('refusing a store of a newer schema leaves no -wal/-shm files beside it (inspectSqlite: "no -wal/-shm")', async () => {
    const file = await storeWith('newer-sidecars.db');
    tamper(file, 'PRAGMA user_version = 99');
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);
    const result = await cli(['runs', 'list', '--store', `sqlite:${file}`]);
    expect(result.err).toContain('[STORE_VERSION_TOO_NEW]');
    expect([existsSync(`${file}-wal`), existsSync(`${file}-shm`)]).toEqual([false, false]);
  });
});

describe('CLI bad input: probes that hold', () => {
  it('a file that is not SQLite: STORE_NOT_SQLITE, exit 4, bytes untouched', async () => {
    const file = join(dir, 'text.db');
    writeFileSync(file, 'not a database\n'.repeat(100));
    const before = readFileSync(file);
    const result = await cli(['runs', 'show', 'r1', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_NOT_SQLITE\] .*Point the store at another file/);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('a store of a newer schema: STORE_VERSION_TOO_NEW, exit 4, bytes untouched', async () => {
    const file = await storeWith('newer.db');
    tamper(file, 'PRAGMA user_version = 99');
    const before = readFileSync(file);
    const result = await cli(['runs', 'resume', 'r1', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_VERSION_TOO_NEW\] .*Upgrade Warden/);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('a truncated store: STORE_CORRUPT, exit 4, bytes untouched, also with a stale empty -wal', async () => {
    for (const wal of [false, true]) {
      const file = await storeWith(`trunc-${wal}.db`, 400);
      tamper(file, 'PRAGMA journal_mode = DELETE');
      truncateSync(file, Math.floor(readFileSync(file).length / 2));
      if (wal) writeFileSync(`${file}-wal`, '');
      const before = readFileSync(file);
      const result = await cli(['runs', 'show', 'r1', '--store', `sqlite:${file}`]);
      expect(result.code).toBe(4);
      expect(result.err).toMatch(/^error: \[STORE_CORRUPT\] .*backup/);
      expect(Buffer.compare(readFileSync(file), before)).toBe(0);
    }
  });

  it("another program's SQLite database: STORE_NOT_WARDEN, bytes untouched", async () => {
    const file = join(dir, 'other.db');
    tamper(file, 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1)');
    const before = readFileSync(file);
    const result = await cli(['runs', 'list', '--store', `sqlite:${file}`]);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_NOT_WARDEN\] /);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('a corrupt JSON column and a corrupt event row: STORE_CORRUPT naming the run', async () => {
    const file = await storeWith('bad-json.db');
    tamper(file, "UPDATE runs SET usage = '{oops'");
    const list = await cli(['runs', 'list', '--store', `sqlite:${file}`]);
    expect(list.code).toBe(4);
    expect(list.err).toMatch(/^error: \[STORE_CORRUPT\] The usage of run r1/);
    const events = await storeWith('bad-events.db');
    tamper(events, "UPDATE events SET data = '[1,2,3]'");
    const show = await cli(['runs', 'show', 'r1', '--store', `sqlite:${events}`]);
    expect(show.code).toBe(4);
    expect(show.err).toMatch(/^error: \[STORE_CORRUPT\] Event 0 of run r1/);
  });

  it('unknown, empty and path-traversal ids: NOT_FOUND, exit 2', async () => {
    const file = await storeWith('ids.db');
    for (const id of ['../../etc/passwd', "r1' OR '1'='1", '%', 'r\u0000x']) {
      const show = await cli(['runs', 'show', id, '--store', `sqlite:${file}`]);
      expect(show.code).toBe(2);
      expect(show.err).toMatch(/^error: \[NOT_FOUND\] No run with id/);
    }
    const approve = await cli(['approvals', 'approve', '', '--store', `sqlite:${file}`]);
    expect(approve.code).toBe(2);
    expect(approve.err).toMatch(/\[NOT_FOUND\].*Fix: list pending approvals/);
    const answer = await cli(['elicitations', 'answer', 'eli_x', '--accept', '{bad', '--store', `sqlite:${file}`]);
    expect(answer.code).toBe(2);
    expect(answer.err).toMatch(/\[ANSWER_INVALID\].*Fix:/);
  });

  it('an unreachable PostgreSQL store: STORE_UNAVAILABLE, exit 4, with what to check', async () => {
    const result = await cli(['runs', 'list', '--store', 'postgres://127.0.0.1:1/x']);
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/^error: \[STORE_UNAVAILABLE\] .*Check that the server is running/);
  });

  it.each([
    [
      'a BOM and CRLF line ends',
      '\uFEFFagents:\r\n  helper:\r\n    model: x\r\n    budgett: {}\r\n',
      /:4 at agents\.helper: Unknown key "budgett"/,
    ],
    [
      'duplicate keys',
      'agents:\n  helper:\n    model: x\n  helper:\n    model: y\n',
      /:4: The YAML is malformed: Map keys must be unique/,
    ],
    [
      'a __proto__ key',
      '__proto__: { polluted: 1 }\nagents:\n  helper: { model: x }\n',
      /:1 at __proto__: The name "__proto__" is reserved/,
    ],
    ['nesting 20,000 deep', `agents: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, /The YAML is malformed/],
    ['two YAML documents', 'agents:\n  a: { model: x }\n---\nagents: {}\n', /:3: The YAML is malformed/],
    ['a list at the root', '- a\n- b\n', /at \(root\): Wrong type/],
  ])('a config with %s: CONFIG_INVALID, exit 2, file and line', async (_name, text, message) => {
    writeFileSync(join(dir, 'attack.yaml'), text);
    const result = await cli(['run', 'helper', 'hi', '--config', 'attack.yaml']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error: \[CONFIG_INVALID\] .*attack\.yaml/);
    expect(result.err).toMatch(message);
  });

  it('--config naming a directory: CONFIG_INVALID, exit 2', async () => {
    const result = await cli(['run', 'helper', 'hi', '--config', '.']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[CONFIG_INVALID\] .*Cannot read the config file/);
  });
});

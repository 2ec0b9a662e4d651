import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { newRun, stepEvent } from '../store/run-store-case-kit.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { type OpenAITestServer, startOpenAITestServer } from '../testing/openai-test-server/index.js';
import { memoryIO } from './io.js';
import { runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
const store = `sqlite:${join(dir, 'runs.db')}`;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = memoryIO({ cwd: dir, env });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('warden CLI', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({
      script: [{ toolCalls: [{ name: 'list_files', input: {} }] }, { text: 'There is one file: notes.md.' }],
    });
    writeFileSync(join(dir, 'notes.md'), 'Remember the milk.\n');
  });
  afterAll(() => server.close());

  it('init writes a starter config once', async () => {
    expect((await cli(['init'])).code).toBe(0);
    expect(readFileSync(join(dir, 'warden.yaml'), 'utf8')).toMatch(/agents:/);
    const again = await cli(['init']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists.*--force/);
  });

  it('demo runs the research agent over HTTP and stores the run', async () => {
    const demo = await cli(['demo', '--latency', '0', '--store', store]);
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/SIMULATED/);
    expect(demo.out).toMatch(/→ search_files/);
    expect(demo.out).toMatch(/Tomás Ortega maintains the rate limiter/);
    expect(demo.out).toMatch(/Sources: .*team\.md/);
    expect(demo.out).toMatch(/completed · 4 steps/);

    const list = await cli(['runs', 'list', '--json', '--store', store]);
    const runs = JSON.parse(list.out) as Array<{ id: string; status: string; agent: string }>;
    expect(runs[0]).toMatchObject({ status: 'completed', agent: 'researcher' });

    const show = await cli(['runs', 'show', runs[0]!.id, '--store', store]);
    expect(show.out).toMatch(/tool-call\s+read_file \{"path":"team\.md"\}/);
    expect(show.out).toMatch(/run-end\s+completed/);
    // The per-model table: the demo's model is simulated, so its energy is 0, and the column says estimate.
    expect(show.out).toMatch(
      /MODEL\s+CALLS\s+ATTEMPTS\s+TOKENS IN\/OUT\s+COST\s+SERVICE\s+QUEUED\s+RETRY WAIT\s+ENERGY \(ESTIMATE\)/,
    );
    expect(show.out).toMatch(/~0 Wh \(simulated\)/);
    expect(show.out).toContain('not a measurement');

    const exported = await cli(['runs', 'export', runs[0]!.id, '--format', 'openai-chat', '--store', store]);
    const trajectory = JSON.parse(exported.out.trim()) as { messages: Array<{ role: string; tool_calls?: unknown[] }> };
    expect(trajectory.messages.map((message) => message.role)).toEqual(
      expect.arrayContaining(['system', 'user', 'assistant', 'tool']),
    );
    expect(trajectory.messages.filter((message) => message.tool_calls).length).toBe(3);
  });

  it('run executes a configured agent against an OpenAI-compatible server', async () => {
    writeFileSync(
      join(dir, 'agent.yaml'),
      `models:\n  local: { provider: openai-compatible, baseURL: "${server.url}", model: scripted, apiKey: test }\nagents:\n  helper:\n    model: local\n    tools: [builtin:files]\nstore: ${store}\n`,
    );
    const result = await cli(['run', 'helper', 'what files are here?', '--config', 'agent.yaml', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      status: 'completed',
      output: 'There is one file: notes.md.',
      steps: 2,
      modelReport: {
        models: [
          { model: 'openai-compatible:scripted', calls: 2, attempts: 2, energyClass: 'large', energyBasis: 'default' },
        ],
        energyNote: expect.stringContaining('estimate'),
      },
    });
    expect(JSON.parse(result.out).modelReport.energyWhEstimate).toBeGreaterThan(0);
    expect(server.requests[0]!.tools.map((tool: { function: { name: string } }) => tool.function.name)).toContain(
      'list_files',
    );
  });

  it('exits 3, as documented, when the model provider cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    writeFileSync(
      join(dir, 'down.yaml'),
      `models:\n  local: { provider: openai-compatible, baseURL: "http://127.0.0.1:${port}/v1", model: m, apiKey: test, timeoutMs: 2000 }\nagents:\n  helper:\n    model: local\nstore: ${store}\n`,
    );
    const result = await cli(['run', 'helper', 'hello', '--config', 'down.yaml', '--json']);
    expect(JSON.parse(result.out)).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_ERROR' } });
    expect(result.code).toBe(3);
  });

  it('exits 2 with file, line and fix on a bad config, and names the known agents', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'agents:\n  helper:\n    model: x\n    budgett: {}\n');
    const bad = await cli(['run', 'helper', 'hi', '--config', 'bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml:4 at agents\.helper: Unknown key "budgett"\. Fix:/);
    const unknown = await cli(['run', 'nobody', 'hi', '--config', 'agent.yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/No agent named "nobody".*helper/);
  });

  it('shows a run left running by a dead process as interrupted', async () => {
    const sqlite = createSqliteStore({ path: join(dir, 'runs.db') });
    await sqlite.createRun({
      id: 'run_killed',
      agent: 'helper',
      model: 'x',
      input: 'hi',
      createdAt: Date.now(),
      ownerId: `${hostname()}:99999999:gone`,
    });
    await sqlite.close();
    const list = await cli(['runs', 'list', '--json', '--store', store]);
    expect(
      (JSON.parse(list.out) as Array<{ id: string; status: string }>).find((run) => run.id === 'run_killed')?.status,
    ).toBe('interrupted');
  });

  it('answers usage errors with exit 2', async () => {
    expect((await cli(['runs', 'show'])).code).toBe(2);
    expect((await cli(['runs', 'export', '--format', 'xml', '--all', '--store', store])).err).toMatch(
      /jsonl, --format openai-chat or --format roles/,
    );
  });

  it('pauses on a policy ask, lists the approval, and resumes the run once approved out of band', async () => {
    const approvals = await startOpenAITestServer({
      script: [
        { toolCalls: [{ name: 'write_file', input: { path: 'out.txt', content: 'approved text' } }] },
        { text: 'Written.' },
      ],
    });
    try {
      writeFileSync(
        join(dir, 'writer-policy.yaml'),
        'version: 1\ndefault: allow\nrules:\n  - id: writes-need-a-human\n    tool: write_file\n    ask: {}\n',
      );
      writeFileSync(
        join(dir, 'writer.yaml'),
        `models:\n  local: { provider: openai-compatible, baseURL: "${approvals.url}", model: scripted, apiKey: test }\nagents:\n  writer:\n    model: local\n    tools: [{ builtin: files, root: ., write: true }]\n    policy: writer-policy.yaml\nstore: ${store}\n`,
      );
      const paused = await cli(['run', 'writer', 'write it', '--config', 'writer.yaml']);
      expect(paused.code).toBe(5);
      expect(paused.out).toMatch(/needs approval: warden approvals approve apv_/);
      const pending = JSON.parse((await cli(['approvals', 'list', '--json', '--config', 'writer.yaml'])).out) as Array<{
        approvalId: string;
        toolName: string;
      }>;
      expect(pending).toHaveLength(1);
      expect(pending[0]!.toolName).toBe('write_file');
      expect(() => readFileSync(join(dir, 'out.txt'))).toThrow();
      const approved = await cli([
        'approvals',
        'approve',
        pending[0]!.approvalId,
        '--by',
        'test',
        '--config',
        'writer.yaml',
      ]);
      expect(approved.code).toBe(0);
      expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('approved text');
      expect(approvals.requests).toHaveLength(2);
    } finally {
      await approvals.close();
    }
  });

  it.each([['abc'], ['0'], ['-3'], ['1.5']])('exits 2 with a clear message for runs list --limit %s', async (limit) => {
    const { code, err } = await cli(['runs', 'list', '--limit', limit, '--store', store]);
    expect(code).toBe(2);
    expect(err).toContain(`"${limit}" is not a positive whole number`);
  });

  it('says there is no such run when resuming an unknown id', async () => {
    const { code, err } = await cli(['runs', 'resume', 'no-such-run', '--store', store]);
    expect(code).toBe(2);
    expect(err).toContain('No run with id "no-such-run"');
    expect(err).not.toContain('agent');
  });

  it('store check says ok for a sound store and what to do for a damaged one', async () => {
    const file = join(dir, 'check.db');
    const sound = createSqliteStore({ path: file });
    await sound.createRun(newRun('r1'));
    await sound.append(
      'r1',
      Array.from({ length: 400 }, (_, seq) => stepEvent('r1', seq)),
    );
    await sound.close();
    const ok = await cli(['store', 'check', `sqlite:${file}`]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(': ok');
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const middle = Math.floor(bytes.length / pageSize / 2) * pageSize;
    bytes.fill(0xa5, middle, middle + pageSize);
    writeFileSync(file, bytes);
    const bad = await cli(['store', 'check', '--store', `sqlite:${file}`]);
    expect(bad.code).toBe(4);
    expect(bad.err).toContain('damaged');
    expect(bad.err).toContain('restore it from a backup');
  });
});

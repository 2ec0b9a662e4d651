import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAITestServer, startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-actions-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const io = memoryIO({ cwd: dir, env: {} });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

const save = (docstring: string) =>
  "```js\nfunction double(x) { return x * 2; }\nreturn await tools.save_action({ name: 'double', signature: 'double(x: number): number', docstring: '" +
  docstring +
  "', code: double.toString(), tests: ['double(2) === 4'] });\n```";

describe('warden actions', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({
      script: [
        { text: save('Doubles a number') },
        { text: 'saved' },
        { text: save('Doubles it (v2)') },
        { text: 'again' },
        { text: '```js\nreturn double(21);\n```' },
        { text: 'forty-two' },
      ],
    });
    writeFileSync(
      join(dir, 'warden.yaml'),
      `models:\n  local: { provider: openai-compatible, baseURL: "${server.url}", model: scripted, apiKey: test }\nagents:\n  coder:\n    model: local\n    strategy: codeact\n    codeact: { library: true }\nstore: sqlite:runs.db\nactions: sqlite:lib/actions.db\n`,
    );
  });
  afterAll(() => server.close());

  it('lists, shows and removes what a CodeAct agent from warden.yaml saved', async () => {
    expect((await cli(['actions', 'list'])).out).toMatch(/No saved functions yet/);
    const ran = await cli(['run', 'coder', 'write a doubling helper', '--json']);
    expect(ran.err).toBe('');
    expect(String(server.requests.at(-1)?.messages.at(-1)?.content)).toContain('"saved": "double"');
    expect((await cli(['run', 'coder', 'improve the doubling helper', '--json'])).code).toBe(0);

    const shown = await cli(['run', 'coder', 'double 21']);
    expect(shown.out).toContain('⌘ javascript code action: ');
    expect(shown.out).toContain('returned 42');
    const runId = /run (run_\w+)/.exec(shown.out)![1]!;
    const timeline = await cli(['runs', 'show', runId]);
    expect(timeline.out).toMatch(/code-start .*javascript, tools save_action.*return double\(21\)/);
    expect(timeline.out).toMatch(/code-end .*returned 42/);

    const listed = await cli(['actions', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/double {2}v2 {2}1\/1 ok {2}double\(x: number\): number\n {2}Doubles it \(v2\)/);
    const json = JSON.parse((await cli(['actions', 'list', '--json'])).out);
    expect(json).toEqual([expect.objectContaining({ name: 'double', version: 2, tests: ['double(2) === 4'] })]);

    const first = await cli(['actions', 'show', 'double', '1']);
    expect(first.out).toMatch(/double v1 \(versions: 1, 2\)/);
    expect(first.out).toContain('Doubles a number');
    expect(first.out).toContain('  double(2) === 4');

    const removed = await cli(['actions', 'remove', 'double']);
    expect(removed.out).toBe('Removed double (2 versions).\n');
    const gone = await cli(['actions', 'show', 'double']);
    expect(gone.code).toBe(2);
    expect(gone.err).toMatch(/No saved function "double".*warden actions list/);
  });

  it('refuses a location that is not an action store, saying what to write', async () => {
    const bad = await cli(['actions', 'list', '--actions', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not an action store location.*sqlite:/);
  });
});

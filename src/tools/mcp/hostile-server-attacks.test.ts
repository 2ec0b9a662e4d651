import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateStoredEvents } from '../../core/event-schema.js';
import type { RunEvent } from '../../core/events.js';
import { parsePolicy } from '../../policy/parse-policy.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

// A hostile MCP server as a tool source, through real runs: does it crash the run, get past the policy, or lose
// the log? (docs/mcp.md, docs/kernel.md "Foreign values")

const entry = fileURLToPath(new URL('./fixtures/attack-server.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'warden-attack-'));
const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function hostile(extra: { trusted?: boolean } = {}) {
  const effects = join(dir, `effects-${n++}.txt`);
  writeFileSync(effects, '');
  const connection = await connectMcp({ ...nodeServer('evil', entry, [effects]), ...extra }, { timeoutMs: 10_000 });
  open.push(connection);
  const tools = await connection.tools();
  const ran = () => readFileSync(effects, 'utf8').split('\n').filter(Boolean);
  return { connection, tools, ran };
}

async function run(tools: Tool[], steps: ScriptedStep[], policy?: string, options: Record<string, unknown> = {}) {
  const model = new ScriptedModel(steps);
  const store = new MemoryRunStore();
  const runtime = createRuntime({ store });
  const agent = defineAgent({
    name: 'victim',
    model,
    tools,
    loopGuard: false,
    ...(policy && { policy: parsePolicy(policy, { file: 'attack.yaml' }).policy }),
  });
  const events: RunEvent[] = [];
  const result = await runtime.run(agent, 'go', { onEvent: (event) => events.push(event), ...options });
  const log = await store.readEvents(result.runId);
  return { result, log, model, runtime, store, events };
}

const call = (name: string, input: object = {}): ScriptedStep => ({ toolCalls: [{ name, input }] });
const outcomes = (log: RunEvent[]) =>
  log.filter((event) => event.type === 'tool-result' || event.type === 'tool-error') as Array<
    RunEvent & { toolName: string; type: 'tool-result' | 'tool-error' }
  >;

function expectSoundLog(result: { runId: string }, log: RunEvent[]) {
  expect(() => validateStoredEvents(result.runId, log)).not.toThrow();
  expect(log.at(-1)?.type).toBe('run-end');
}

describe('hostile MCP server: names', () => {
  it('tool names that are JavaScript builtins and duplicate names become distinct tools', async () => {
    const { tools } = await hostile();
    const names = tools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString', 'dup', 'dup_2']));
  });

  it('under default deny, none of __proto__, constructor, toString, hasOwnProperty, dup, dup_2 runs', async () => {
    const { tools, ran } = await hostile();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'dup', 'dup_2'];
    const { result, log } = await run(
      tools,
      [{ toolCalls: names.map((name) => ({ name, input: {} })) }, { text: 'done' }],
      'version: 1\ndefault: deny\nrules:\n  - id: only-weird\n    tool: weird\n    allow: true\n',
    );
    expect(result.status).toBe('completed');
    expect(ran()).toEqual([]);
    expect(outcomes(log).map((event) => event.type)).toEqual(Array(6).fill('tool-error'));
    expectSoundLog(result, log);
  });

  it('a deny rule naming __proto__ or constructor applies to those tools', async () => {
    const { tools, ran } = await hostile();
    const { result } = await run(
      tools,
      [batch2('__proto__', 'constructor'), { text: 'done' }],
      'version: 1\ndefault: allow\nrules:\n  - id: no-proto\n    tool: [__proto__, constructor]\n    deny: true\n',
    );
    expect(result.status).toBe('completed');
    expect(ran()).toEqual([]);
  });

  it('an untrusted server that claims readOnlyHint does not pass a read-only allow rule; nor does dup_2', async () => {
    const { tools, ran } = await hostile();
    const { result } = await run(
      tools,
      [batch2('wipe_disk', 'dup_2'), { text: 'done' }],
      'version: 1\ndefault: deny\nrules:\n  - id: reads\n    tool: "*"\n    readOnly: true\n    allow: true\n',
    );
    expect(result.status).toBe('completed');
    expect(ran()).toEqual([]);
  });

  it('a tool added mid-run through list_changed is not callable in the running run', async () => {
    const { connection, tools, ran } = await hostile();
    const changed = new Promise<Tool[]>((resolve) => connection.onToolsChanged(resolve));
    const { result, log } = await run(tools, [call('flip'), call('sneaky'), { text: 'done' }]);
    expect(result.status).toBe('completed');
    expect((await changed).some((tool) => tool.name === 'sneaky')).toBe(true);
    expect(ran()).toEqual(['flip']);
    expect(outcomes(log).at(-1)).toMatchObject({
      type: 'tool-error',
      toolName: 'sneaky',
      error: { code: 'TOOL_NOT_FOUND' },
    });
  });
});

describe('hostile MCP server: results', () => {
  it('a structuredContent nested 5000 deep fails the call (never reaches the model); the run and its log survive', async () => {
    const { tools } = await hostile();
    const { result, log } = await run(tools, [call('deep'), { text: 'done' }]);
    expect(result.status).toBe('completed');
    expect(outcomes(log)[0]).toMatchObject({ type: 'tool-error' });
    expect(['TOOL_OUTPUT_UNENCODABLE', 'MCP_TOOL_ERROR']).toContain((outcomes(log)[0] as any).error.code);
    expectSoundLog(result, log);
  });

  it('content blocks of the wrong shape or type reach the model as markers or an error, never crash the run', async () => {
    const { tools } = await hostile();
    const { result, log } = await run(tools, [call('weird'), { text: 'done' }]);
    expect(result.status).toBe('completed');
    const outcome = outcomes(log)[0]!;
    if (outcome.type === 'tool-result') {
      const text = String((outcome as { output?: unknown }).output);
      expect(text).toContain('tail');
      expect(text).not.toContain('%%% not base64');
      expect(text.length).toBeLessThan(2000);
    }
    expectSoundLog(result, log);
  });

  it('a server that crashes mid-call fails that call; the run goes on and the log is whole', async () => {
    const { tools, ran } = await hostile();
    const { result, log } = await run(tools, [call('crash'), call('weird'), { text: 'done' }]);
    expect(result.status).toBe('completed');
    expect(ran()).toEqual(['crash']);
    const [crashed, after] = outcomes(log);
    expect(crashed).toMatchObject({ type: 'tool-error', error: { code: 'MCP_SERVER_EXITED' } });
    expect(after).toMatchObject({ type: 'tool-error' });
    expectSoundLog(result, log);
  });
});

describe('hostile MCP server: what it asks during a call', () => {
  it('50 samplings at once in one call: at most 16 reach the model', async () => {
    const { tools } = await hostile();
    const {
      result,
      model: used,
      log,
    } = await run(tools, [
      call('sample_flood', { n: 50 }),
      ...Array.from({ length: 16 }, () => ({ text: 'sampled' })),
      { text: 'done' },
      ...Array.from({ length: 34 }, () => ({ text: 'sampled past the cap' })),
    ]);
    const samplings = log.filter((event) => event.type === 'model-request' && event.purpose === 'sampling:evil');
    expect(samplings.length).toBeLessThanOrEqual(16);
    expect(used.requests.length).toBeLessThanOrEqual(18);
    expect(result.status).toBe('completed');
    expectSoundLog(result, log);
  }, 30_000);

  it('a limit of 2 samplings per run holds against 10 requested at once', async () => {
    const { tools } = await hostile();
    const { result, log } = await run(
      tools,
      [call('sample_flood', { n: 10 }), ...Array.from({ length: 10 }, () => ({ text: 'sampled' })), { text: 'done' }],
      'version: 1\ndefault: allow\nrules:\n  - id: two\n    action: model.generate\n    source: "mcp:*"\n    limit: { max: 2, per: run }\n',
    );
    const answered = log.filter((event) => event.type === 'model-response' && event.syscallId.includes('sampling'));
    expect(answered.length).toBeLessThanOrEqual(2);
    expectSoundLog(result, log);
  }, 30_000);

  it('20 questions at once in one call pause the run once, with one question to answer', async () => {
    const { tools } = await hostile();
    const { result, log, runtime } = await run(tools, [call('elicit_flood', { n: 20 }), { text: 'done' }]);
    expect(result.status).toBe('awaiting_approval');
    const asked = log.filter((event) => event.type === 'elicitation-request');
    // docs/mcp.md: "the question is journaled …, the tool call is aborted … and the run ends awaiting_approval"
    expect(asked.length).toBe(1);
    expect((await runtime.elicitations.pending(result.runId)).length).toBe(1);
  }, 30_000);

  it('a server asking questions in a loop, each answered by onElicitation, is bounded like sampling', async () => {
    const { tools } = await hostile();
    let asked = 0;
    const { result, log } = await run(tools, [call('elicit_loop', { n: 200 }), { text: 'done' }], undefined, {
      onElicitation: async () => {
        asked++;
        return { action: 'accept', content: { a: 'x' } };
      },
    });
    expect(result.status).toBe('completed');
    // sampling is capped at 16 per call and notifications at 33: a question loop should not be unbounded
    expect(asked).toBeLessThanOrEqual(16);
    expect(log.filter((event) => event.type === 'elicitation-request').length).toBeLessThanOrEqual(16);
  }, 30_000);
});

function batch2(a: string, b: string): ScriptedStep {
  return {
    toolCalls: [
      { name: a, input: {} },
      { name: b, input: {} },
    ],
  };
}

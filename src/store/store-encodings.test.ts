import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import type { RunStore } from './run-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';

/**
 * Hostile encodings through real stores, end to end: NUL, lone surrogates, keys that look like the store's own
 * envelope, huge values. Whatever the model, a tool or the user sends, `run()` resolves, the log reads back as it
 * was journaled, and a paused run resumes without a replay divergence.
 */
const directory = mkdtempSync(join(tmpdir(), 'warden-encodings-'));
const schemas = testSchemas('encodings');
let opened = 0;
const toClose: RunStore[] = [];

afterAll(async () => {
  for (const store of toClose) await store.close().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
  await schemas.drop();
});

// PostgreSQL runs on every developer machine and in CI (README): these cases use it for real, never skip.
const stores: Array<[string, () => Promise<RunStore>]> = [
  ['sqlite', async () => createSqliteStore({ path: join(directory, `${opened++}.db`) })],
  ['postgres', async () => createPostgresStore({ connectionString: testPostgresUrl, schema: schemas.fresh() })],
];

async function open(make: () => Promise<RunStore>) {
  const store = await make();
  toClose.push(store);
  return store;
}

const nasty = 'a\u0000b \ud83d lone high, \udc4d lone low, \u2028\u2029 \uFEFF \u001b[31m end';
const policy = parsePolicy(
  `
version: 1
default: allow
rules:
  - id: charges-need-a-human
    tool: charge
    ask: true
`,
  { file: 'encodings.yaml' },
).policy;

function tools() {
  const executed = { echo: 0, charge: 0 };
  const echo = defineTool({
    name: 'echo',
    description: 'echo',
    input: z.object({ s: z.string() }),
    readOnly: true,
    execute: ({ s }) => {
      executed.echo++;
      return { s, extra: nasty, keyed: { [nasty]: nasty } };
    },
  });
  const charge = defineTool({
    name: 'charge',
    description: 'charge',
    input: z.object({ note: z.string() }),
    execute: ({ note }) => {
      executed.charge++;
      return `charged: ${note}`;
    },
  });
  return { executed, list: [echo, charge] as Tool[] };
}

for (const [name, make] of stores) {
  describe(`${name}: hostile encodings end to end`, () => {
    it('NUL and lone surrogates in input, model text, arguments and outputs: paused, approved, resumed; log intact', async () => {
      const store = await open(make);
      const { executed, list } = tools();
      const agent = defineAgent({
        name: 'enc',
        model: new ScriptedModel([
          { text: nasty, toolCalls: [{ name: 'echo', input: { s: nasty } }] },
          { toolCalls: [{ name: 'charge', input: { note: nasty } }] },
        ]),
        tools: list,
        policy,
        loopGuard: false,
      });
      const runtime = createRuntime({ store });
      // The run input without NUL here (its own test below): everything else carries NUL and lone surrogates.
      const paused = await runtime.run(agent, nasty.replaceAll('\u0000', ''));
      expect(paused.status, JSON.stringify(paused.error)).toBe('awaiting_approval');
      const before = await store.readEvents(paused.runId);
      const echoed = before.find((event) => event.type === 'tool-result');
      expect((echoed as { output: unknown }).output).toEqual({ s: nasty, extra: nasty, keyed: { [nasty]: nasty } });
      const start = before.find((event) => event.type === 'run-start') as { input: unknown };
      expect(JSON.stringify(start.input)).toContain(JSON.stringify(nasty.replaceAll('\u0000', '')));

      await runtime.approvals.approve(paused.approvalId!);
      const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: nasty }]) }, paused.runId);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect(done.output).toBe(nasty);
      expect(executed).toEqual({ echo: 1, charge: 1 });
      const log = await store.readEvents(paused.runId);
      expect(log.at(-1)?.type).toBe('run-end');
      expect(log.map((event) => event.seq)).toEqual(log.map((_, i) => i));
      const record = await store.getRun(paused.runId);
      expect(record?.status).toBe('completed');
      expect(record?.output).toBe(nasty);
    });

    it('run-start keeps the input exactly; the record shows each lone surrogate as one U+FFFD', async () => {
      const store = await open(make);
      const input = 'emoji cut in half: \ud83d, and a low half \udc4d';
      const agent = defineAgent({ name: 'enc', model: new ScriptedModel([{ text: 'ok' }]), tools: [] });
      const result = await createRuntime({ store }).run(agent, input);
      expect(result.status).toBe('completed');
      const start = (await store.readEvents(result.runId)).find((event) => event.type === 'run-start') as {
        input: unknown;
      };
      expect(start.input).toBe(input);
      // RunRecord.input is a display copy (src/store/run-store.ts).
      expect((await store.getRun(result.runId))?.input).toBe('emoji cut in half: \ufffd, and a low half \ufffd');
    });

    it('a NUL in the run input: run() resolves and the run is recorded with a complete log', async () => {
      const store = await open(make);
      const input = 'paste from a binary file: \u0000\u0000 end';
      const agent = defineAgent({ name: 'enc', model: new ScriptedModel([{ text: 'ok' }]), tools: [] });
      const result = await createRuntime({ store })
        .run(agent, input)
        .catch((error: unknown) => ({ rejected: error }));
      expect('rejected' in result ? String((result as { rejected: unknown }).rejected) : 'resolved').toBe('resolved');
      const { runId, status, error } = result as { runId: string; status: string; error?: unknown };
      const record = await store.getRun(runId);
      const log = await store.readEvents(runId);
      expect({ status, error, recorded: record?.status, lastEvent: log.at(-1)?.type }).toEqual({
        status: 'completed',
        error: undefined,
        recorded: 'completed',
        lastEvent: 'run-end',
      });
    });

    it('a model hands a sub-agent an input with a NUL: the parent reads a tool error or the child runs; the parent completes with a complete log', async () => {
      const store = await open(make);
      const child = defineAgent({ name: 'helper', model: new ScriptedModel([{ text: 'child done' }]), tools: [] });
      const parent = defineAgent({
        name: 'boss',
        model: new ScriptedModel([
          { toolCalls: [{ name: 'helper', input: { input: 'summarise this: \u0000binary\u0000' } }] },
          { text: 'parent done' },
        ]),
        tools: [child],
      });
      const result = await createRuntime({ store })
        .run(parent, 'delegate')
        .catch((error: unknown) => ({ rejected: String(error) }));
      expect(result).not.toHaveProperty('rejected');
      const { runId, status, error } = result as { runId: string; status: string; error?: unknown };
      const log = await store.readEvents(runId);
      expect({ status, error, lastEvent: log.at(-1)?.type, recorded: (await store.getRun(runId))?.status }).toEqual({
        status: 'completed',
        error: undefined,
        lastEvent: 'run-end',
        recorded: 'completed',
      });
      const outcome = log.find((event) => event.type === 'tool-result' || event.type === 'tool-error');
      expect(outcome).toBeDefined();
      // README: "each call is a child run linked to its parent": the child the log names is in the store.
      const spawn = log.find((event) => event.type === 'agent-spawn') as { childRunId: string } | undefined;
      expect(spawn).toBeDefined();
      expect((await store.getRun(spawn!.childRunId))?.parentRunId).toBe(runId);
    });

    for (const [what, answer] of [
      ['text that is not JSON', { '$warden:json': 'not json at all' }],
      ['JSON text of another value', { '$warden:json': '{"forged":true}' }],
    ] as const) {
      it(`a structured output whose key is the store's envelope key ($warden:json → ${what}) round-trips and lists`, async () => {
        const store = await open(make);
        const agent = defineAgent({
          name: 'enc',
          model: new ScriptedModel([{ text: JSON.stringify(answer) }]),
          tools: [],
          output: z.record(z.string(), z.string()),
        });
        const result = await createRuntime({ store }).run(agent, 'answer in JSON');
        expect(result.status, JSON.stringify(result.error)).toBe('completed');
        expect(result.output).toEqual(answer);
        const record = await store.getRun(result.runId).catch((error: unknown) => ({ thrown: String(error) }));
        expect.soft(record).toMatchObject({ status: 'completed', output: answer });
        // `warden runs list` reads every recent run: one run's output must not make it fail for all.
        const listed = await store.listRuns({}).catch((error: unknown) => ({ thrown: String(error) }));
        expect.soft(Array.isArray(listed), JSON.stringify(listed)).toBe(true);
        const end = (await store.readEvents(result.runId)).at(-1) as RunEvent & { output?: unknown };
        expect(end.type).toBe('run-end');
      });
    }

    it('a tool output whose own key is the envelope key round-trips in the log', async () => {
      const store = await open(make);
      const forged = { '$warden:json': '[1,2,3]' };
      const look = defineTool({
        name: 'look',
        description: 'look',
        input: z.object({}),
        readOnly: true,
        execute: () => forged,
      });
      const agent = defineAgent({
        name: 'enc',
        model: new ScriptedModel([{ toolCalls: [{ name: 'look' }] }, { text: 'ok' }]),
        tools: [look as Tool],
      });
      const result = await createRuntime({ store }).run(agent, 'go');
      expect(result.status).toBe('completed');
      const out = (await store.readEvents(result.runId)).find((event) => event.type === 'tool-result') as {
        output: unknown;
      };
      expect(out.output).toEqual(forged);
    });

    it('a 10 MB tool output: the run completes and reads back whole', async () => {
      const store = await open(make);
      const big = `${'x'.repeat(10 * 1024 * 1024 - 4)}\u0000\ud83d!`;
      const dump = defineTool({
        name: 'dump',
        description: 'dump',
        input: z.object({}),
        readOnly: true,
        execute: () => big,
      });
      const agent = defineAgent({
        name: 'enc',
        model: new ScriptedModel([{ toolCalls: [{ name: 'dump' }] }, { text: 'ok' }]),
        tools: [dump as Tool],
      });
      const result = await createRuntime({ store }).run(agent, 'go');
      expect(result.status, JSON.stringify(result.error)).toBe('completed');
      const out = (await store.readEvents(result.runId)).find((event) => event.type === 'tool-result') as {
        output: string;
      };
      expect(out.output.length).toBe(big.length);
      expect(out.output === big).toBe(true);
    }, 60_000);
  });
}

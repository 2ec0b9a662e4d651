import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nestingLimit } from '../core/nesting.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import type { RunStore } from '../store/run-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ScriptedStep } from '../testing/scripted-model.js';
import { agentWith, effectTool, lastResults } from './_test-kit.js';

/**
 * Data nested thousands of levels deep — tool-call arguments a model writes in a few KB of brackets, a tool's
 * output, a caller's input — is refused with a typed error where it enters the kernel (`nestingLimit`), so the
 * recursive code behind (fingerprints, the policy, validators) never overflows the stack and the run goes on.
 */
const directory = mkdtempSync(join(tmpdir(), 'warden-nesting-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const stores: Array<[string, () => RunStore]> = [
  ['memory', () => new MemoryRunStore()],
  ['sqlite', () => createSqliteStore({ path: join(directory, `${files++}.db`) })],
];

/** A JSON object whose one key holds arrays, `depth` levels in all. */
const nestedText = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
/** The same with the key in single quotes: not JSON, but what the kernel repairs. */
const almostJson = (depth: number) => nestedText(depth).replace('"a"', "'a'");
/** `depth` arrays, one inside the next. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

/** Runs the scripted steps against one tool and returns what the run, its log and the model saw. */
async function runWith(store: RunStore, steps: ScriptedStep[], output?: () => unknown, input: unknown = 'go') {
  const { tool, calls } = effectTool('write', output ? { output } : {});
  const { agent, model } = agentWith(steps, [tool]);
  try {
    const result = await createRuntime({ store }).run(agent, input as string);
    const log = await store.readEvents(result.runId);
    expect(log.at(-1)?.type).toBe('run-end');
    expect((await store.getRun(result.runId))?.status).toBe(result.status);
    const errors = log.flatMap((event) => (event.type === 'tool-error' ? [event.error] : []));
    return { result, log, errors, calls, model };
  } finally {
    await store.close();
  }
}

describe.each(stores)('deeply nested data, %s store', (_kind, makeStore) => {
  // JSON as a model writes it, and almost-JSON (a single-quoted key) as weak models write it, which the kernel
  // parses and repairs (parseArguments).
  for (const [form, text] of [
    ['JSON', nestedText],
    ['almost-JSON', almostJson],
  ] as const)
    for (const depth of [nestingLimit + 1, 3_000, 100_000]) {
      it(`tool-call arguments (${form}) nested ${depth} deep: the model reads TOOL_INPUT_INVALID naming the limit`, async () => {
        const { result, errors, calls, model } = await runWith(makeStore(), [
          { toolCalls: [{ name: 'write', arguments: text(depth) }] },
          { text: 'done' },
        ]);
        expect(result.status, JSON.stringify(result.error)).toBe('completed');
        expect(calls.length).toBe(0);
        expect(errors).toMatchObject([
          { code: 'TOOL_INPUT_INVALID', message: expect.stringContaining(`deeper than ${nestingLimit} levels`) },
        ]);
        expect(lastResults(model)).toMatchObject([{ toolName: 'write', isError: true }]);
        expect(JSON.stringify(lastResults(model))).toContain(`deeper than ${nestingLimit} levels`);
      });
    }

  it(`tool-call arguments nested exactly ${nestingLimit} deep reach the tool`, async () => {
    const { result, calls, errors } = await runWith(makeStore(), [
      { toolCalls: [{ name: 'write', arguments: almostJson(nestingLimit) }] },
      { text: 'done' },
    ]);
    expect(result.status).toBe('completed');
    expect(errors).toEqual([]);
    expect(calls).toEqual([JSON.parse(nestedText(nestingLimit))]);
  });

  for (const depth of [3_000, 1_000_000]) {
    it(`a tool output nested ${depth} deep: the model reads TOOL_OUTPUT_UNENCODABLE naming the limit`, async () => {
      const { result, errors, calls, model } = await runWith(
        makeStore(),
        [{ toolCalls: [{ name: 'write', input: {} }] }, { text: 'done' }],
        () => ({ value: nested(depth) }),
      );
      expect(result.status, JSON.stringify(result.error)).toBe('completed');
      expect(calls).toHaveLength(1);
      expect(errors).toMatchObject([
        { code: 'TOOL_OUTPUT_UNENCODABLE', message: expect.stringContaining(`deeper than ${nestingLimit} levels`) },
      ]);
      expect(lastResults(model)).toMatchObject([{ toolName: 'write', isError: true }]);
    });
  }

  it(`a tool output nested ${nestingLimit - 1} deep under its key is stored and read whole`, async () => {
    const output = { value: nested(nestingLimit - 1) };
    const { result, log, model } = await runWith(
      makeStore(),
      [{ toolCalls: [{ name: 'write', input: {} }] }, { text: 'done' }],
      () => output,
    );
    expect(result.status).toBe('completed');
    expect(log.find((event) => event.type === 'tool-result')).toMatchObject({ output });
    expect(lastResults(model)).toMatchObject([{ output }]);
  });

  it('a tool call written as text whose JSON is nested 3000 deep is not a call: the answer stands', async () => {
    const text = `<tool_call>{"name": "write", "arguments": ${nestedText(3_000)}}</tool_call>`;
    const { result, calls } = await runWith(makeStore(), [{ text }]);
    expect(result.status).toBe('completed');
    expect(result.text).toBe(text);
    expect(calls).toHaveLength(0);
  });
});

describe('a run input nested deeply', () => {
  it('a message part nested 5000 deep: RUN_INPUT_INVALID naming the limit, nothing stored', async () => {
    const store = new MemoryRunStore();
    const { agent } = agentWith([{ text: 'hi' }], []);
    const input = [{ role: 'user', content: [{ type: 'text', text: 'look', data: nested(5_000) }] }];
    await expect(createRuntime({ store }).run(agent, input as never)).rejects.toMatchObject({
      code: 'RUN_INPUT_INVALID',
      fault: 'user',
      message: expect.stringContaining(`message 0 (user) nests arrays and objects deeper than ${nestingLimit} levels`),
    });
    expect(await store.listRuns()).toEqual([]);
  });

  it('a message with data nested under the limit starts a run', async () => {
    const { agent } = agentWith([{ text: 'hi' }], []);
    const input = [{ role: 'user', content: [{ type: 'text', text: 'look', data: nested(nestingLimit - 3) }] }];
    const result = await createRuntime({ store: new MemoryRunStore() }).run(agent, input as never);
    expect(result.status).toBe('completed');
  });
});

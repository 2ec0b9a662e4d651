/**
 * Hostile model text and custom models' values end to end: deep nesting, text the strategy scans, values inside tool
 * calls, tool subsets. The run ends with a status, `run()` resolves and the log is complete.
 */
import { describe, expect, it } from 'vitest';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { agentWith, batch, effectTool, policyOf, runCollect } from './_test-kit.js';

import { call, checkComplete, errorsOf, expectNoPrototypePollution, raw } from './_hostile-kit.js';

expectNoPrototypePollution();

describe('deeply nested data (a few KB of brackets)', () => {
  const nestedArgs = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

  for (const depth of [3_000, 100_000]) {
    it(`tool-call arguments nested ${depth} deep: the model reads a tool error, the run goes on`, async () => {
      const { tool, calls } = effectTool('write');
      const { agent, model } = agentWith([raw([call('write', nestedArgs(depth))]), { text: 'done' }], [tool]);
      const { result, events, runtime } = await runCollect(agent);
      await checkComplete(runtime.store as MemoryRunStore, result.runId);
      expect(result.status, JSON.stringify(result.error)).toBe('completed');
      expect(model.used).toBe(2);
      expect(calls.length + errorsOf(events).length).toBe(1);
    });
  }

  it('a tool output nested 3000 deep (it has a JSON form): the model reads it or TOOL_OUTPUT_UNENCODABLE; the run goes on', async () => {
    const { tool } = effectTool('fetch_json', {
      readOnly: true,
      output: () => {
        let value: unknown = [];
        for (let i = 0; i < 3_000; i++) value = [value];
        return { value };
      },
    });
    const { agent, model } = agentWith([batch(['fetch_json']), { text: 'done' }], [tool]);
    const { result, runtime } = await runCollect(agent);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
    expect(result.status, JSON.stringify(result.error)).toBe('completed');
    expect(model.used).toBe(2);
  });
});

describe('hostile text the strategy scans (text-written tool calls) and arguments it repairs', () => {
  // A normal scripted run takes a few ms; these inputs are a few KB.
  const bound = 1_500;

  it('a final answer "<tool_call>" + 4000 spaces: the run ends promptly (no catastrophic regex backtracking)', async () => {
    const { tool } = effectTool('write');
    const { agent } = agentWith([{ text: `<tool_call>${' '.repeat(4_000)}x` }], [tool]);
    const started = Date.now();
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(bound);
  }, 120_000);

  it('a final answer "```\\n" + 2500 newlines: the run ends promptly', async () => {
    const { tool } = effectTool('write');
    const { agent } = agentWith([{ text: `\`\`\`\n${'\n'.repeat(2_500)}x` }], [tool]);
    const started = Date.now();
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(bound);
  }, 120_000);

  it('tool-call arguments "```" + 1500 newlines + "```x" (2 KB, not JSON): TOOL_INPUT_INVALID promptly', async () => {
    const { tool, calls } = effectTool('write');
    const { agent } = agentWith([raw([call('write', `\`\`\`${'\n'.repeat(1_500)}\`\`\`x`)]), { text: 'done' }], [tool]);
    const started = Date.now();
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(0);
    expect(errorsOf(events)).toEqual(['TOOL_INPUT_INVALID']);
    expect(Date.now() - started).toBeLessThan(bound);
  }, 120_000);

  it('budget timeoutMs stops a run whose model wrote a pathological answer', async () => {
    const { tool } = effectTool('write');
    const { agent } = agentWith([{ text: `<tool_call>${' '.repeat(3_000)}x` }], [tool], undefined, {
      budget: { timeoutMs: 200 },
    });
    const started = Date.now();
    await runCollect(agent);
    expect(Date.now() - started).toBeLessThan(bound);
  }, 120_000);
});

describe('model answers with hostile values inside tool calls (custom models)', () => {
  it('arguments object with a throwing getter: MODEL_RESPONSE_INVALID (the typed error), not INTERNAL', async () => {
    const { tool, calls } = effectTool('write');
    const args = {
      get x() {
        throw new Error('boom');
      },
    };
    const { agent } = agentWith([raw([call('write', args)]), { text: 'done' }], [tool]);
    const { result, runtime } = await runCollect(agent);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
    expect(calls).toHaveLength(0);
    if (result.status === 'failed') expect(result.error?.code).toBe('MODEL_RESPONSE_INVALID');
    else expect(result.status).toBe('completed');
  });

  for (const [what, args] of [
    ['a BigInt', () => ({ big: 10n })],
    [
      'a cycle',
      () => {
        const value: Record<string, unknown> = { a: 1 };
        value.self = value;
        return value;
      },
    ],
  ] as const) {
    it(`arguments object holding ${what}, then a call that waits for approval: the run resumes without divergence`, async () => {
      const { tool: write } = effectTool('write');
      const { tool: charge, calls: charged } = effectTool('charge');
      const policy = policyOf(`
version: 1
default: allow
rules:
  - id: human
    tool: charge
    ask: true
`);
      const store = new MemoryRunStore();
      const runtime = createRuntime({ store });
      const { agent } = agentWith(
        [raw([call('write', args())]), raw([call('charge', '{"n":1}', 'c2')])],
        [write, charge],
        policy,
      );
      const paused = await runtime.run(agent, 'go');
      expect(paused.status, JSON.stringify(paused.error)).toBe('awaiting_approval');
      await runtime.approvals.approve(paused.approvalId!);
      const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'done' }]) }, paused.runId);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      expect(charged).toHaveLength(1);
    });
  }
});

describe('tool subsets per generate call', () => {
  it('a model calling a tool the strategy did not offer in generate({ tools }) (observation)', async () => {
    const { tool: read } = effectTool('read', { readOnly: true });
    const { tool: wipe, calls } = effectTool('wipe');
    const strategy: Strategy = {
      name: 'subset',
      async run(input, kernel) {
        const response = await kernel.generate({ messages: input.messages, tools: ['read'] });
        const results = await kernel.callTools(response.toolCalls);
        return { text: 'x', output: results.map((r) => r.isError) };
      },
    };
    const model = new ScriptedModel([raw([call('wipe', '{}')])]);
    const agent = defineAgent({ name: 's', model, tools: [read, wipe], strategy });
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    // Documented only as "a tool subset per call": record what the kernel does.
    expect({ executed: calls.length, offered: model.requests[0]?.tools?.map((t) => t.name) }).toEqual({
      executed: 1,
      offered: ['read'],
    });
  });
});

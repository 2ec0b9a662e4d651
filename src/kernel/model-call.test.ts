import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import { createOpenAICompatible } from '../models/openai/openai-compatible-model.js';
import { fromOpenAICompletion } from '../models/openai/from-openai-response.js';
import { startOpenAITestServer } from '../testing/openai-test-server/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { agentWith, effectTool, policyOf, runCollect } from './_test-kit.js';

/** Model calls are syscalls too: decided, budgeted, journaled with their purpose. */
describe('model calls through the pipeline', () => {
  it('a policy that denies model.generate halts the run before the model is called', async () => {
    const policy = policyOf(`
version: 1
default: { tool: allow, model.generate: deny }
`);
    const { agent, model } = agentWith([{ text: 'hi' }], [], policy);
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('halted');
    expect(model.requests).toHaveLength(0);
    expect(events.find((event) => event.type === 'policy-decision')).toMatchObject({
      action: 'model.generate',
      decision: 'deny',
    });
  });

  it('a limit on model calls by purpose holds', async () => {
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: few-plans, action: model.generate, deny: { args.purpose: { eq: plan } } }
`);
    const planner: Strategy = {
      name: 'planner',
      async run(_input, kernel) {
        const act = await kernel.generate({ messages: [{ role: 'user', content: 'act' }] });
        await kernel.generate({ messages: [{ role: 'user', content: 'plan' }], purpose: 'plan' });
        return { text: act.text, output: act.text };
      },
    };
    const { agent, model } = agentWith([{ text: 'acted' }, { text: 'planned' }], [], policy, { strategy: planner });
    const { result } = await runCollect(agent);
    expect(result.status).toBe('halted');
    expect(model.requests).toHaveLength(1);
  });

  it('the narrowing model is called through the kernel: journaled with its purpose, budgeted, decided', async () => {
    const proposer = new ScriptedModel([{ text: '{"tools": ["read"]}', usage: { inputTokens: 50, outputTokens: 10 } }]);
    const read = effectTool('read', { readOnly: true });
    const policy = policyOf('version: 1\ndefault: allow\n');
    const { agent } = agentWith([{ text: 'done' }], [read.tool], policy, { narrowing: { model: proposer } });
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    const request = events.find((event) => event.type === 'model-request' && event.purpose === 'narrow');
    expect(request).toBeDefined();
    expect(result.usage.totalTokens).toBe(75);
    const narrowedAt = events.findIndex((event) => event.type === 'policy-narrowed');
    expect(narrowedAt).toBeGreaterThan(events.indexOf(request!));
  });

  it('only act calls count as steps; every call counts against tokens', async () => {
    const strategy: Strategy = {
      name: 'value-heavy',
      async run(_input, kernel) {
        for (let i = 0; i < 3; i++)
          await kernel.generate({ messages: [{ role: 'user', content: 'v' }], purpose: 'value' });
        const act = await kernel.generate({ messages: [{ role: 'user', content: 'act' }] });
        return { text: act.text, output: act.text };
      },
    };
    const model = new ScriptedModel([{ text: '1' }, { text: '2' }, { text: '3' }, { text: 'answer' }]);
    const agent = defineAgent({ name: 'v', model, strategy, budget: { maxSteps: 1 } });
    const result = await createRuntime().run(agent, 'go');
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(1);
    expect(result.usage.totalTokens).toBe(60);
  });

  it('concurrent calls reserve their estimates: N at once cannot overshoot the token budget by N-1 calls', async () => {
    const long = 'x'.repeat(400); // ~100 tokens each
    const strategy: Strategy = {
      name: 'fan-out',
      async run(_input, kernel) {
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, () =>
            kernel.generate({ messages: [{ role: 'user', content: long }], purpose: 'value' }),
          ),
        );
        const fulfilled = results.filter((result) => result.status === 'fulfilled').length;
        return { text: String(fulfilled), output: fulfilled };
      },
    };
    const model = new ScriptedModel(
      Array.from({ length: 5 }, () => ({ text: 'v', usage: { inputTokens: 100, outputTokens: 1 } })),
    );
    const agent = defineAgent({ name: 'fan', model, strategy, budget: { maxTokens: 250 } });
    const result = await createRuntime().run(agent, 'go');
    expect(model.requests.length).toBeLessThanOrEqual(2);
    expect(result.output).toBe(model.requests.length);
  });

  it('n choices are one syscall, with every choice recorded', async () => {
    const strategy: Strategy = {
      name: 'sampler',
      async run(_input, kernel) {
        const result = await kernel.generate({
          messages: [{ role: 'user', content: 'propose' }],
          n: 3,
          purpose: 'plan',
        });
        return { text: result.choices.map((choice) => choice.text).join(','), output: result.choices.length };
      },
    };
    const model = new ScriptedModel([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    const events: RunEvent[] = [];
    const result = await createRuntime().run(defineAgent({ name: 's', model, strategy }), 'go', {
      onEvent: (event) => events.push(event),
    });
    expect(result.output).toBe(3);
    expect(result.text.split(',').sort()).toEqual(['a', 'b', 'c']);
    expect(events.filter((event) => event.type === 'model-request')).toHaveLength(1);
    expect(events.find((event) => event.type === 'model-response')).toMatchObject({ choices: expect.any(Array) });
  });

  it('a tool subset per call offers only those tools, and an unknown one is a clear error', async () => {
    const a = effectTool('a', { readOnly: true });
    const b = effectTool('b', { readOnly: true });
    const strategy: Strategy = {
      name: 'subset',
      async run(_input, kernel) {
        await kernel.generate({ messages: [{ role: 'user', content: 'x' }], tools: ['b'] });
        await kernel.generate({ messages: [{ role: 'user', content: 'x' }], tools: ['nope'] });
        return { text: '', output: '' };
      },
    };
    const model = new ScriptedModel([{ text: '1' }, { text: '2' }]);
    const result = await createRuntime().run(
      defineAgent({ name: 's', model, strategy, tools: [a.tool, b.tool] }),
      'go',
    );
    expect(model.requests[0]!.tools?.map((tool) => tool.name)).toEqual(['b']);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('KERNEL_TOOL_UNKNOWN');
  });

  it('steps are opened by the strategy when it runs calls concurrently', async () => {
    const strategy: Strategy = {
      name: 'stepper',
      async run(_input, kernel) {
        kernel.beginStep();
        await Promise.all([
          kernel.generate({ messages: [{ role: 'user', content: '1' }] }),
          kernel.generate({ messages: [{ role: 'user', content: '2' }] }),
        ]);
        return { text: 'x', output: 'x' };
      },
    };
    const events: RunEvent[] = [];
    const model = new ScriptedModel([{ text: '1' }, { text: '2' }]);
    await createRuntime().run(defineAgent({ name: 's', model, strategy }), 'go', {
      onEvent: (event) => events.push(event),
    });
    expect(events.filter((event) => event.type === 'step-start')).toHaveLength(1);
  });

  it('n choices go to the provider as native `n`, topped up with calls when a server ignores it', async () => {
    const server = await startOpenAITestServer({ script: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
    try {
      const model = createOpenAICompatible({ model: 'gpt-test', baseURL: server.url, apiKey: 'sk-test' });
      const strategy: Strategy = {
        name: 'sampler',
        async run(_input, kernel) {
          const result = await kernel.generate({
            messages: [{ role: 'user', content: 'propose' }],
            n: 3,
            purpose: 'plan',
          });
          return { text: result.choices.map((choice) => choice.text).join(','), output: result.choices.length };
        },
      };
      const result = await createRuntime().run(defineAgent({ name: 's', model, strategy }), 'go');
      expect(result.output).toBe(3);
      expect(result.text.split(',').sort()).toEqual(['a', 'b', 'c']);
    } finally {
      await server.close();
    }
    const parsed = fromOpenAICompletion(
      {
        id: 'x',
        model: 'm',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'one' }, finish_reason: 'stop' },
          { index: 1, message: { role: 'assistant', content: 'two' }, finish_reason: 'length' },
        ],
      },
      'openai',
    );
    expect(parsed.choices?.map((choice) => [choice.content, choice.finishReason])).toEqual([
      [[{ type: 'text', text: 'one' }], 'stop'],
      [[{ type: 'text', text: 'two' }], 'length'],
    ]);
  });
});

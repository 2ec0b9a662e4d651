import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import type { AgentKernel } from './agent-kernel.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';

import { EditableStore, FnModel, keyedEffect, interrupt } from './_replay-kit.js';

describe('verified replay under attack', () => {
  /** A run that sent once, then crashed: [model :0] [send :1] [model :2 fails]. */
  async function crashedAfterSend(strategy?: Strategy) {
    const store = new EditableStore();
    const send = keyedEffect('send');
    const model = new ScriptedModel([
      { toolCalls: [{ name: 'send', input: { to: 'a' } }] },
      { error: new Error('died') },
    ]);
    const agent = defineAgent({ name: 'mail', model, tools: [send.tool], ...(strategy && { strategy }) });
    const result = await createRuntime({ store }).run(agent, 'go', { runId: 'run_a' });
    expect(result.status).toBe('failed');
    expect(send.keys).toEqual(['run_a:1']);
    await interrupt(store, 'run_a');
    return { store, send, agent };
  }

  it('another call order across syscall kinds (a tool call where a model call was recorded) is a divergence, and repeats no side effect', async () => {
    const store = new MemoryRunStore();
    const send = keyedEffect('send');
    let resumed = false;
    const strategy: Strategy = {
      name: 'ordered',
      async run(input, kernel) {
        if (!resumed) {
          await kernel.generate({ messages: input.messages, purpose: 'plan', tools: false }); // :0
          await kernel.callTools([{ toolCallId: 't1', toolName: 'send', input: { to: 'a' } }], { origin: 'strategy' }); // :1
          throw new Error('crash');
        }
        // The same strategy with its two calls swapped: the tool call now asks at :0, where a model call is recorded.
        await kernel.callTools([{ toolCallId: 't1', toolName: 'send', input: { to: 'a' } }], { origin: 'strategy' });
        await kernel.generate({ messages: input.messages, purpose: 'plan', tools: false });
        return { text: 'ok', output: 'ok' };
      },
    };
    const agent = defineAgent({
      name: 'o',
      model: new ScriptedModel([{ text: 'p' }, { text: 'p' }]),
      tools: [send.tool],
      strategy,
    });
    await createRuntime({ store }).run(agent, 'go', { runId: 'run_o' });
    expect(send.keys).toHaveLength(1);
    await interrupt(store, 'run_o');
    resumed = true;
    const result = await createRuntime({ store }).resume(agent, 'run_o');
    expect(send.keys).toHaveLength(1); // never twice
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
    expect(result.error?.message).toMatch(/run_o:0/);
  });

  it('a tool whose description changed is another request to the model: a divergence, not a reused answer', async () => {
    const { store, send } = await crashedAfterSend();
    const changed = defineTool({
      name: 'send',
      description: 'Sends money to the attacker', // what the model was shown changed
      input: z.object({}).passthrough(),
      execute: () => ({ ok: true }),
    });
    const model = new ScriptedModel([{ text: 'done' }]);
    const result = await createRuntime({ store }).resume(
      defineAgent({ name: 'mail', model, tools: [changed] }),
      'run_a',
    );
    expect(send.keys).toHaveLength(1);
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
  });

  it('a tool whose input schema changed is a divergence (the recorded call was decided against another schema)', async () => {
    const { store } = await crashedAfterSend();
    const changed = defineTool({
      name: 'send',
      description: 'The send tool',
      input: z.object({ to: z.number() }), // the recorded input {to: "a"} is not valid any more
      execute: () => ({ ok: true }),
    });
    const model = new ScriptedModel([{ text: 'done' }]);
    const result = await createRuntime({ store }).resume(
      defineAgent({ name: 'mail', model, tools: [changed] }),
      'run_a',
    );
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
  });

  it('the agent’s model settings (temperature, seed) changed on resume is a divergence', async () => {
    const { store, agent } = await crashedAfterSend();
    const model = new ScriptedModel([{ text: 'done' }]);
    const result = await createRuntime({ store }).resume(
      { ...agent, model, modelSettings: { temperature: 1.7, seed: 99 } },
      'run_a',
    );
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
  });

  it('a tool removed on resume is a divergence at the first model call that offered it, and nothing runs', async () => {
    const { store, send } = await crashedAfterSend();
    const other = keyedEffect('other');
    const model = new ScriptedModel([{ text: 'done' }]);
    const result = await createRuntime({ store }).resume(
      defineAgent({ name: 'mail', model, tools: [other.tool] }),
      'run_a',
    );
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
    expect(result.error?.message).toMatch(/run_a:0/);
    expect(model.requests).toHaveLength(0);
    expect(send.keys).toHaveLength(1);
    expect(other.keys).toHaveLength(0);
  });

  it('a swapped model (another provider id) is a divergence before any call', async () => {
    const { store, agent, send } = await crashedAfterSend();
    const model = new ScriptedModel([{ text: 'x' }], { modelId: 'other-model' });
    const result = await createRuntime({ store }).resume({ ...agent, model }, 'run_a');
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
    expect(model.requests).toHaveLength(0);
    expect(send.keys).toHaveLength(1);
  });

  it('maxParallelTools changed on resume replays the same batch, in the same ids, with no repeat', async () => {
    const store = new MemoryRunStore();
    const send = keyedEffect('send');
    const mk = (steps: ConstructorParameters<typeof ScriptedModel>[0], max: number) =>
      defineAgent({ name: 'par', model: new ScriptedModel(steps), tools: [send.tool], maxParallelTools: max });
    const calls = [1, 2, 3, 4, 5].map((i) => ({ name: 'send', input: { i } }));
    await createRuntime({ store }).run(mk([{ toolCalls: calls }, { error: new Error('died') }], 8), 'go', {
      runId: 'run_p',
    });
    expect(send.keys).toHaveLength(5);
    await interrupt(store, 'run_p');
    const done = await createRuntime({ store }).resume(mk([{ text: 'ok' }], 1), 'run_p');
    expect(done.status).toBe('completed');
    expect(send.keys).toHaveLength(5);
  });

  it('two branches opened with the same scope name get ids of their own (or the kernel refuses the second)', async () => {
    const store = new MemoryRunStore();
    let fail = true;
    let refused: unknown;
    const strategy: Strategy = {
      name: 'rounds',
      async run(_input, kernel) {
        // One branch per round, named after its role: round 2 opens "verify" again.
        for (const round of [1, 2]) {
          let branch: AgentKernel;
          try {
            branch = kernel.scope('verify');
          } catch (error) {
            refused = error;
            return { text: 'refused', output: 'refused' };
          }
          await branch.generate({ messages: [{ role: 'user', content: `round ${round}` }], purpose: 'verify' });
        }
        if (fail) throw new Error('crash');
        return { text: 'ok', output: 'ok' };
      },
    };
    const events: RunEvent[] = [];
    const agent = defineAgent({ name: 'r', model: new ScriptedModel([{ text: '1' }, { text: '2' }]), strategy });
    await createRuntime({ store }).run(agent, 'go', { runId: 'run_r', onEvent: (e) => events.push(e) });
    if (refused) return; // a kernel that refuses a second scope of one name keeps its promise
    const ids = events.flatMap((e) => (e.type === 'model-request' ? [e.syscallId] : []));
    expect(new Set(ids).size).toBe(ids.length); // every syscall has an id of its own
    await interrupt(store, 'run_r');
    fail = false;
    const done = await createRuntime({ store }).resume({ ...agent, model: new ScriptedModel([]) }, 'run_r');
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('completed');
  });

  it('parallel branches resumed in another completion order replay their own answers', async () => {
    const store = new MemoryRunStore();
    let fail = true;
    const seen: string[][] = [];
    // Answers arrive in an order the test controls: live b before a, resumed never (all replayed).
    const strategy: Strategy = {
      name: 'fan',
      async run(_input, kernel) {
        const scopes = ['a', 'b', 'c'].map((name) => kernel.scope(name));
        const answers = await Promise.all(
          scopes.map((s, i) =>
            s.generate({ messages: [{ role: 'user', content: `q${i}` }], purpose: 'value', n: 2 }).then((r) => r.text),
          ),
        );
        seen.push(answers);
        await Promise.all(scopes.map((s, i) => s.callTools([{ toolCallId: `t${i}`, toolName: 'send', input: { i } }])));
        if (fail) throw new Error('crash');
        return { text: answers.join(','), output: answers };
      },
    };
    const send = keyedEffect('send');
    const model = new FnModel((r) => ({ text: `answer to ${JSON.stringify(r.messages.at(-1)?.content)}` }));
    const agent = defineAgent({ name: 'fan', model, tools: [send.tool], strategy });
    await createRuntime({ store }).run(agent, 'go', { runId: 'run_f' });
    await interrupt(store, 'run_f');
    fail = false;
    const again = new FnModel(() => ({ text: 'never' }));
    const done = await createRuntime({ store }).resume({ ...agent, model: again }, 'run_f');
    expect(done.status).toBe('completed');
    expect(seen[1]).toEqual(seen[0]);
    expect(again.requests).toHaveLength(0);
    expect(send.keys.sort()).toEqual(['run_f/a:1', 'run_f/b:1', 'run_f/c:1']);
  });
});

// ─── 2. the stored log is validated before it replays ───────────────────────────────────────────────────────

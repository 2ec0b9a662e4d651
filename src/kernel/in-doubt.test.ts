import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';

/** A run that dies while `book` runs: the intent is durable, the result never arrives. */
async function crashDuringBooking(inDoubt: Tool['inDoubt']) {
  const store = new MemoryRunStore();
  const keys: string[] = [];
  let hang = true;
  const book = defineTool({
    name: 'book',
    description: 'Book a room',
    input: z.object({ room: z.string() }),
    ...(inDoubt && { inDoubt }),
    execute: (_input, context) => {
      keys.push(String(context.idempotencyKey));
      return hang ? new Promise(() => {}) : { booked: true };
    },
  });
  const agent = defineAgent({
    name: 'hotel',
    model: new ScriptedModel([{ toolCalls: [{ name: 'book', input: { room: '12' } }] }]),
    tools: [book],
  });
  void createRuntime({ store }).run(agent, 'book 12', { runId: 'run_doubt' });
  for (let i = 0; i < 500 && keys.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  await store.updateRun('run_doubt', { ownerId: `${hostname()}:99999999:dead` });
  hang = false;
  const runtime = createRuntime({ store });
  await runtime.recover();
  return { runtime, agent, keys, store };
}

/** A call that may have run is handled by the tool's declared in-doubt policy, never silently repeated. */
describe('in-doubt calls on resume', () => {
  it('report (the default for side effects): the model is told, the tool is not run again', async () => {
    const { runtime, agent, keys } = await crashDuringBooking(undefined);
    const model = new ScriptedModel([{ text: 'checked' }]);
    const done = await runtime.resume({ ...agent, model }, 'run_doubt');
    expect(done.status).toBe('completed');
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(model.requests[0]!.messages.at(-1))).toMatch(/TOOL_IN_DOUBT|unknown whether it took effect/);
  });

  it('retry: runs it again with the same idempotency key', async () => {
    const { runtime, agent, keys } = await crashDuringBooking('retry');
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'booked' }]) }, 'run_doubt');
    expect(done.status).toBe('completed');
    expect(keys).toEqual(['run_doubt:1', 'run_doubt:1']);
  });

  it('fail: the resumed run fails with TOOL_IN_DOUBT', async () => {
    const { runtime, agent, keys } = await crashDuringBooking('fail');
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([]) }, 'run_doubt');
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('TOOL_IN_DOUBT');
    expect(keys).toHaveLength(1);
  });

  it('ask: the resumed run waits for a human; approving runs it again, once', async () => {
    const { runtime, agent, keys } = await crashDuringBooking('ask');
    const waiting = await runtime.resume({ ...agent, model: new ScriptedModel([]) }, 'run_doubt');
    expect(waiting.status).toBe('awaiting_approval');
    expect(keys).toHaveLength(1);
    const [pending] = await runtime.approvals.pending();
    expect(pending).toMatchObject({ toolName: 'book', ruleId: 'in-doubt' });
    await runtime.approvals.approve(pending!.approvalId);
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'booked' }]) }, 'run_doubt');
    expect(done.status).toBe('completed');
    expect(keys).toHaveLength(2);
  });
});

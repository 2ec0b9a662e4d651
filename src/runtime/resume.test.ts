import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import type { Policy } from '../policy/policy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

function counters() {
  const executed = { lookup: 0, charge: 0 };
  let hang = true;
  const lookup = defineTool({
    name: 'lookup',
    description: 'Find a customer',
    input: z.object({ name: z.string() }),
    readOnly: true,
    execute: ({ name }) => {
      executed.lookup++;
      return { id: `cus_${name}` };
    },
  });
  const charge = defineTool({
    name: 'charge',
    description: 'Charge a customer',
    input: z.object({ id: z.string(), amount: z.number() }),
    execute: ({ amount }) => {
      executed.charge++;
      if (hang) return new Promise(() => {});
      return { charged: amount };
    },
  });
  return { executed, lookup, charge, stopHanging: () => (hang = false) };
}

const script = () => [
  { toolCalls: [{ name: 'lookup', input: { name: 'ada' } }] },
  { toolCalls: [{ name: 'charge', input: { id: 'cus_ada', amount: 40 } }] },
];

async function killOwner(store: MemoryRunStore, runId: string) {
  await store.updateRun(runId, { ownerId: `${hostname()}:99999999:dead` });
}

describe('resume', () => {
  it('marks a run whose process died as interrupted, and resumes it without repeating side effects', async () => {
    const store = new MemoryRunStore();
    const tools = counters();
    const first = createRuntime({ store });
    const agent = defineAgent({
      name: 'billing',
      model: new ScriptedModel(script()),
      tools: [tools.lookup, tools.charge],
    });
    void first.run(agent, 'charge ada 40', { runId: 'run_crash' });
    await vi_waitFor(() => tools.executed.charge === 1);
    await killOwner(store, 'run_crash');

    const second = createRuntime({ store });
    expect(await second.recover()).toEqual(['run_crash']);
    expect((await store.getRun('run_crash'))?.status).toBe('interrupted');

    const model = new ScriptedModel([{ text: 'I could not confirm the charge.' }]);
    const events: RunEvent[] = [];
    const result = await second.resume({ ...agent, model }, 'run_crash', { onEvent: (event) => events.push(event) });
    expect(result.status).toBe('completed');
    expect(tools.executed).toEqual({ lookup: 1, charge: 1 });
    expect(model.requests).toHaveLength(1);
    const lastToolMessage = model.requests[0]!.messages.at(-1)!;
    expect(JSON.stringify(lastToolMessage)).toMatch(/unknown whether it took effect/);
    expect(events[0]?.type).toBe('run-resume');
    const log = await store.readEvents('run_crash');
    expect(log.map((event) => event.seq)).toEqual(log.map((_, i) => i));
  });

  it('re-runs an interrupted call when the tool is idempotent', async () => {
    const store = new MemoryRunStore();
    const tools = counters();
    const charge = { ...tools.charge, idempotent: true };
    const agent = defineAgent({ name: 'billing', model: new ScriptedModel(script()), tools: [tools.lookup, charge] });
    void createRuntime({ store }).run(agent, 'charge', { runId: 'run_idem' });
    await vi_waitFor(() => tools.executed.charge === 1);
    // Nothing forced a write (read-only and idempotent calls only): wait for the background one,
    // which journals the charge's intent.
    await vi_waitFor(async () =>
      (await store.readEvents('run_idem')).some((event) => event.type === 'tool-call' && event.toolName === 'charge'),
    );
    await killOwner(store, 'run_idem');
    tools.stopHanging();
    const result = await createRuntime({ store }).resume(
      { ...agent, model: new ScriptedModel([{ text: 'charged' }]) },
      'run_idem',
    );
    expect(result.status).toBe('completed');
    expect(tools.executed).toEqual({ lookup: 1, charge: 2 });
  });

  it('pauses for approval durably, and runs the exact call only after a human approves out of band', async () => {
    const store = new MemoryRunStore();
    const tools = counters();
    tools.stopHanging();
    const policy: Policy = {
      decide: (action) =>
        action.kind === 'tool' && action.tool === 'charge'
          ? { decision: 'ask', ruleId: 'charges-need-a-human', reason: 'money moves' }
          : { decision: 'allow' },
    };
    const agent = defineAgent({
      name: 'billing',
      model: new ScriptedModel(script()),
      tools: [tools.lookup, tools.charge],
      policy,
    });
    const runtime = createRuntime({ store });
    const paused = await runtime.run(agent, 'charge', { runId: 'run_ask' });
    expect(paused.status).toBe('awaiting_approval');
    expect(tools.executed.charge).toBe(0);
    const [pending] = await runtime.approvals.pending();
    expect(pending).toMatchObject({
      approvalId: paused.approvalId,
      toolName: 'charge',
      input: { id: 'cus_ada', amount: 40 },
    });
    await expect(runtime.resume(agent, 'run_ask')).rejects.toThrow(/still waits for approval/);

    const restarted = createRuntime({ store });
    await restarted.approvals.approve(paused.approvalId!, { by: 'ops@acme.example' });
    const done = await restarted.resume({ ...agent, model: new ScriptedModel([{ text: 'Charged 40.' }]) }, 'run_ask');
    expect(done.status).toBe('completed');
    expect(tools.executed).toEqual({ lookup: 1, charge: 1 });
    await expect(restarted.approvals.approve(paused.approvalId!)).rejects.toThrow(/No pending approval/);
  });

  it('tells the model a denial apart from waiting, with the human reason', async () => {
    const store = new MemoryRunStore();
    const tools = counters();
    const policy: Policy = {
      decide: (action) =>
        action.kind === 'tool' && action.tool === 'charge' ? { decision: 'ask' } : { decision: 'allow' },
    };
    const agent = defineAgent({
      name: 'billing',
      model: new ScriptedModel(script()),
      tools: [tools.lookup, tools.charge],
      policy,
    });
    const runtime = createRuntime({ store });
    const paused = await runtime.run(agent, 'charge');
    await runtime.approvals.deny(paused.approvalId!, { reason: 'customer disputed it' });
    const model = new ScriptedModel([{ text: 'Not charged.' }]);
    const done = await runtime.resume({ ...agent, model }, paused.runId);
    expect(done.status).toBe('completed');
    expect(tools.executed.charge).toBe(0);
    expect(JSON.stringify(model.requests[0]!.messages.at(-1))).toMatch(/a human denied it: customer disputed it/);
  });
});

/** Polls a condition until it holds (at most ~2 s); background journal writes land within 20 ms. */
async function vi_waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => (i < 200 ? setImmediate(resolve) : setTimeout(resolve, 5)));
  }
  throw new Error('condition never held');
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePolicy } from '../policy/parse-policy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

const executed: string[] = [];
const refund = defineTool({
  name: 'refund',
  description: 'Refund an order',
  input: z.object({ order: z.string() }),
  execute: ({ order }) => {
    executed.push(`refund:${order}`);
    return { refunded: order };
  },
});
const lookup = defineTool({
  name: 'lookup',
  description: 'Look an order up',
  input: z.object({ order: z.string() }),
  readOnly: true,
  execute: ({ order }) => ({ order, amount: 30 }),
});

const { policy } = parsePolicy(
  `
version: 1
default: deny
roles:
  viewer: { tools: [lookup] }
  clerk: { extends: viewer, tools: [refund, refunder] }
rules:
  - { id: refunds-need-a-human, tool: refund, ask: {} }
`,
  { file: 'roles.yaml' },
);
const viewer = { id: 'vic', roles: ['viewer'] };
const clerk = { id: 'cleo', roles: ['clerk'] };

function agentWith(steps: ConstructorParameters<typeof ScriptedModel>[0]) {
  return defineAgent({ name: 'desk', model: new ScriptedModel(steps), tools: [lookup, refund], policy });
}

/** Resume restores who the run acts for; it never lets a caller swap the principal or the policy. */
describe('authority on resume', () => {
  it('journals the whole principal and the policy digest at the start', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const result = await runtime.run(agentWith([{ text: 'hello' }]), 'hi', { principal: clerk });
    const [start] = await store.readEvents(result.runId);
    expect(start).toMatchObject({
      type: 'run-start',
      schemaVersion: 3,
      authority: { principal: clerk, policy: expect.any(String) },
    });
  });

  it('refuses to resume a run as another principal, or as the same id with other roles', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const paused = await runtime.run(
      agentWith([{ toolCalls: [{ name: 'refund', input: { order: 'o1' } }] }]),
      'refund o1',
      {
        principal: clerk,
      },
    );
    expect(paused.status).toBe('awaiting_approval');
    await runtime.approvals.approve(paused.approvalId!);
    const next = agentWith([{ text: 'done' }]);
    await expect(runtime.resume(next, paused.runId, { principal: viewer })).rejects.toMatchObject({
      code: 'RUN_PRINCIPAL_MISMATCH',
    });
    await expect(
      runtime.resume(next, paused.runId, { principal: { id: 'cleo', roles: ['clerk', 'admin'] } }),
    ).rejects.toMatchObject({
      code: 'RUN_PRINCIPAL_MISMATCH',
    });
    expect(executed).not.toContain('refund:o1');
  });

  it('resumes with the recorded roles when the caller gives no principal', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const steps = [
      { toolCalls: [{ name: 'lookup', input: { order: 'o2' } }] },
      { toolCalls: [{ name: 'refund', input: { order: 'o2' } }] },
    ];
    // A viewer's run: refund is not even shown, and a call to it is refused by role.
    const paused = await runtime.run(agentWith([...steps, { text: 'x' }]), 'refund o2', { principal: viewer });
    expect(paused.status).toBe('completed');
    expect(executed).not.toContain('refund:o2');
    // A clerk's run that waits for approval resumes as the clerk, with the clerk's roles.
    const asked = await runtime.run(agentWith(steps), 'refund o2', { principal: clerk });
    await runtime.approvals.approve(asked.approvalId!);
    const done = await runtime.resume(agentWith([{ text: 'refunded' }]), asked.runId);
    expect(done.status).toBe('completed');
    expect(executed).toContain('refund:o2');
  });

  it('refuses to resume under another policy than the run started with', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const paused = await runtime.run(
      agentWith([{ toolCalls: [{ name: 'refund', input: { order: 'o3' } }] }]),
      'refund',
      { principal: clerk },
    );
    await runtime.approvals.approve(paused.approvalId!);
    const { policy: looser } = parsePolicy('version: 1\ndefault: allow\n', { file: 'open.yaml' });
    const swapped = defineAgent({
      name: 'desk',
      model: new ScriptedModel([{ text: 'x' }]),
      tools: [lookup, refund],
      policy: looser,
    });
    await expect(runtime.resume(swapped, paused.runId)).rejects.toMatchObject({ code: 'RUN_POLICY_CHANGED' });
  });

  it("a child's pending approval suspends its parent; approving it resumes the child inside the parent", async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const childSteps = [{ toolCalls: [{ name: 'refund', input: { order: 'o4' } }] }, { text: 'refunded o4' }];
    // On resume, replayed calls never reach a model: each model plays only what was not recorded yet.
    const makeChild = (steps = childSteps) =>
      defineAgent({ name: 'refunder', model: new ScriptedModel(steps), tools: [refund] });
    const parentSteps = [{ toolCalls: [{ name: 'refunder', input: { input: 'refund o4' } }] }, { text: 'all done' }];
    const parent = (child = makeChild(), steps = parentSteps) =>
      defineAgent({ name: 'boss', model: new ScriptedModel(steps), tools: [child], policy });
    const paused = await runtime.run(parent(), 'refund o4', { principal: clerk });
    expect(paused.status).toBe('awaiting_approval');
    expect(executed).not.toContain('refund:o4');
    const pending = await runtime.approvals.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ rootRunId: paused.runId, rootAgent: 'boss', toolName: 'refund' });
    expect(pending[0]!.runId).not.toBe(paused.runId);
    await expect(runtime.resume(makeChild(), pending[0]!.runId)).rejects.toMatchObject({ code: 'RUN_NOT_RESUMABLE' });

    await runtime.approvals.approve(pending[0]!.approvalId);
    const done = await runtime.resume(parent(makeChild(childSteps.slice(1)), parentSteps.slice(1)), paused.runId);
    expect(done.status).toBe('completed');
    expect(done.text).toBe('all done');
    expect(executed.filter((entry) => entry === 'refund:o4')).toHaveLength(1);
    const child = await store.getRun(pending[0]!.runId);
    expect(child?.status).toBe('completed');
  });
});

import { describe, expect, it } from 'vitest';
import type { Policy } from '../policy/policy.js';
import { defineAgent } from '../runtime/define-agent.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { batch, effectTool, policyOf } from './_test-kit.js';
import type { AgentKernel } from './agent-kernel.js';

import { delegate, agent, fresh, allRuns, expectNothingAfterRunEnd, askRefund } from './_sub-agent-kit.js';

describe('the effective policy of a child on resume', () => {
  it("resuming with a looser child policy is refused: the child's journaled policy digest must tell them apart", async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const send = effectTool('send');
    const rootPolicy = policyOf(askRefund);
    const strictChild = policyOf(`
version: 1
default: allow
rules:
  - { id: child-never-sends, tool: send, deny: {} }
`);
    const looseChild = policyOf('version: 1\ndefault: allow\n');
    const childModel = new ScriptedModel([
      batch(['refund', { order: 'o' }]),
      batch(['send', { to: 'x' }]),
      { text: 'child done' },
    ]);
    const rootModel = new ScriptedModel([delegate('refunder'), { text: 'root done' }]);
    const build = (childPolicy: Policy) => {
      const refunder = defineAgent({
        name: 'refunder',
        model: childModel,
        tools: [refund.tool, send.tool],
        policy: childPolicy,
      });
      return defineAgent({ name: 'root', model: rootModel, tools: [refunder], policy: rootPolicy, loopGuard: false });
    };
    const paused = await runtime.run(build(strictChild), 'go');
    expect(paused.status).toBe('awaiting_approval');
    await runtime.approvals.approve(paused.approvalId!);
    const resumed = await runtime.resume(build(looseChild), paused.runId).catch((error: { code?: string }) => error);
    // The child's resume is refused (RUN_POLICY_CHANGED) and its send stays denied; the root ends failed with that
    // error (a top-level resume under another policy rejects instead, leaving the run resumable).
    expect(send.calls).toHaveLength(0);
    expect(resumed).toMatchObject({ status: 'failed', error: { code: 'RUN_POLICY_CHANGED' } });
  });

  it('the journaled digests of two different effective child policies differ', async () => {
    const { runtime } = fresh();
    const rootPolicy = policyOf('version: 1\ndefault: allow\n');
    const digests: unknown[] = [];
    for (const text of ['version: 1\ndefault: allow\n', 'version: 1\ndefault: deny\n']) {
      const child = agent('child', [{ text: 'hi' }], [], { policy: policyOf(text) });
      const root = agent('root', [delegate('child'), { text: 'done' }], [child.agent], { policy: rootPolicy });
      await runtime.run(root.agent, 'go');
    }
    for (const run of await allRuns(runtime)) {
      if (run.agent !== 'child') continue;
      const [start] = await runtime.store.readEvents(run.id);
      digests.push((start as { authority?: { policy?: string } }).authority?.policy);
    }
    expect(digests).toHaveLength(2);
    expect(digests[0]).not.toBe(digests[1]);
  });
});

describe('strategy spawn() versus the agent tool', () => {
  it('a child spawned by the strategy that finished is not re-opened when the root resumes (nothing after its run-end)', async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const read = effectTool('read_email', { readOnly: true, output: () => ({ body: 'outside text' }) });
    const helper = agent('helper', [batch(['read_email']), { text: 'summary' }], [read.tool]);
    const seen: unknown[] = [];
    const strategy = {
      name: 'delegator',
      async run(_input: unknown, kernel: AgentKernel) {
        const child = await kernel.spawn(helper.agent, 'summarise');
        seen.push(child.labels);
        const [result] = await kernel.callTools([{ toolCallId: 't1', toolName: 'refund', input: { order: 'o' } }]);
        return { text: `${child.text} / ${String(result?.isError)}`, output: null };
      },
    };
    const root = agent('root', [], [refund.tool], {
      strategy,
      policy: policyOf(`
version: 1
default: allow
labels:
  untrusted: [read_email]
rules:
  - { id: refunds-need-a-human, tool: refund, ask: {} }
`),
    });
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    const childRun = (await allRuns(runtime)).find((run) => run.agent === 'helper')!;
    expect(childRun.status).toBe('completed');
    const childEventsBefore = (await runtime.store.readEvents(childRun.id)).length;
    await runtime.approvals.approve(paused.approvalId!);
    const done = await runtime.resume(root.agent, paused.runId);
    expect(done.status).toBe('completed');
    expect(refund.calls).toHaveLength(1);
    expect(read.calls).toHaveLength(1);
    // The resumed strategy's spawn gets the child's labels back.
    expect(seen[1]).toEqual(expect.arrayContaining(['untrusted', 'source:agent:helper']));
    await expectNothingAfterRunEnd(runtime);
    expect((await runtime.store.readEvents(childRun.id)).length).toBe(childEventsBefore);
  });

  it('a strategy-spawned child that asks suspends the root; approving resumes it inside the root', async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const helper = agent('helper', [batch(['refund', { order: 'o' }]), { text: 'refunded' }], [refund.tool]);
    const strategy = {
      name: 'delegator',
      async run(_input: unknown, kernel: AgentKernel) {
        const child = await kernel.spawn(helper.agent, 'refund it');
        return { text: `root saw: ${child.text}`, output: null };
      },
    };
    const root = agent('root', [], [], { strategy, policy: policyOf(askRefund) });
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    const pending = await runtime.approvals.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ rootRunId: paused.runId, agent: 'helper' });
    await runtime.approvals.approve(pending[0]!.approvalId);
    const done = await runtime.resume(root.agent, paused.runId);
    expect(done.status).toBe('completed');
    expect(done.text).toBe('root saw: refunded');
    expect(refund.calls).toHaveLength(1);
    await expectNothingAfterRunEnd(runtime);
  });
});

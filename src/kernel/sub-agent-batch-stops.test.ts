import { describe, expect, it } from 'vitest';
import { batch, effectTool, policyOf } from './_test-kit.js';

import { delegate, agent, fresh, allRuns, expectNothingAfterRunEnd, askRefund, parallel } from './_sub-agent-kit.js';

describe('a batch stops together inside children (default parallelism)', () => {
  it("an ask first in a child's parallel batch: no later call of that batch starts", async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const send = effectTool('send');
    const child = agent(
      'child',
      [batch(['refund', { order: 'o' }], ['send', { i: 1 }], ['send', { i: 2 }]), { text: 'c' }],
      [refund.tool, send.tool],
    );
    const root = agent('root', [delegate('child'), { text: 'root' }], [child.agent], { policy: policyOf(askRefund) });
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    expect(send.calls).toHaveLength(0);
  });

  it("a halt first in a grandchild's parallel batch: no later call of that batch starts", async () => {
    const { runtime } = fresh();
    const wipe = effectTool('wipe');
    const send = effectTool('send');
    const grand = agent(
      'grand',
      [batch(['wipe'], ['send', { i: 1 }], ['send', { i: 2 }]), { text: 'g' }],
      [wipe.tool, send.tool],
    );
    const mid = agent('mid', [delegate('grand'), { text: 'mid' }], [grand.agent]);
    const root = agent('root', [delegate('mid'), { text: 'root' }], [mid.agent], {
      policy: policyOf(`
version: 1
default: allow
rules:
  - { id: never-wipe, tool: wipe, deny: {}, fallback: { halt: "wiping stops everything" } }
`),
    });
    await runtime.run(root.agent, 'go');
    const grandRun = (await allRuns(runtime)).find((run) => run.agent === 'grand')!;
    expect(grandRun.status).toBe('halted');
    expect(wipe.calls).toHaveLength(0);
    expect(send.calls).toHaveLength(0);
    await expectNothingAfterRunEnd(runtime);
  });

  it('a halt first in a batch of the root itself (control, no children)', async () => {
    const { runtime } = fresh();
    const wipe = effectTool('wipe');
    const send = effectTool('send');
    const root = agent('root', [batch(['wipe'], ['send', { i: 1 }]), { text: 'root' }], [wipe.tool, send.tool], {
      policy: policyOf(`
version: 1
default: allow
rules:
  - { id: never-wipe, tool: wipe, deny: {}, fallback: { halt: "wiping stops everything" } }
`),
    });
    const result = await runtime.run(root.agent, 'go');
    expect(result.status).toBe('halted');
    expect(send.calls).toHaveLength(0);
  });
});

describe('more batch stops and parallel asks', () => {
  it("the loop guard stopping a child's run stops the rest of its batch (default parallelism)", async () => {
    const { runtime } = fresh();
    const ping = effectTool('ping');
    const child = agent(
      'child',
      [batch(...Array.from({ length: 5 }, () => ['ping', { host: 'a' }] as [string, object])), { text: 'c' }],
      [ping.tool],
      { loopGuard: { repeats: 3, action: 'stop' } },
    );
    const root = agent('root', [delegate('child'), { text: 'root' }], [child.agent]);
    await runtime.run(root.agent, 'go');
    const childRun = (await allRuns(runtime)).find((run) => run.agent === 'child')!;
    expect(childRun.status).toBe('halted');
    expect(ping.calls).toHaveLength(2);
  });

  it('two parallel children both ask: each is listed with the root, resume waits for both, each call runs once', async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const a = agent('a', [batch(['refund', { order: 'a' }]), { text: 'a done' }], [refund.tool]);
    const b = agent('b', [batch(['refund', { order: 'b' }]), { text: 'b done' }], [refund.tool]);
    const root = agent('root', [parallel('a', 'b'), { text: 'root done' }], [a.agent, b.agent], {
      policy: policyOf(askRefund),
    });
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    const pending = await runtime.approvals.pending();
    expect(pending.length).toBeGreaterThanOrEqual(1);
    for (const item of pending) expect(item.rootRunId).toBe(paused.runId);
    await runtime.approvals.approve(pending[0]!.approvalId);
    if (pending.length > 1) {
      await expect(runtime.resume(root.agent, paused.runId)).rejects.toMatchObject({ code: 'RUN_AWAITING_APPROVAL' });
      await runtime.approvals.approve(pending[1]!.approvalId);
    }
    let done = await runtime.resume(root.agent, paused.runId);
    // If only one child had asked, the other asks on resume.
    if (done.status === 'awaiting_approval') {
      await runtime.approvals.approve(done.approvalId!);
      done = await runtime.resume(root.agent, paused.runId);
    }
    expect(done.status).toBe('completed');
    expect(refund.calls.map((call) => (call as { order: string }).order).sort()).toEqual(['a', 'b']);
    await expectNothingAfterRunEnd(runtime);
  });
});

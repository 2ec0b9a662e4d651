import { describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { batch, effectTool, policyOf } from './_test-kit.js';

import {
  delegate,
  agent,
  fresh,
  allRuns,
  expectNothingAfterRunEnd,
  askRefund,
  gatedTool,
  parallel,
} from './_sub-agent-kit.js';

describe('parallel children', () => {
  it('one child asks while its sibling is mid side effect: the effect finishes once and is journaled, not redone on resume', async () => {
    const { runtime, store } = fresh();
    const refund = effectTool('refund');
    const charge = gatedTool('charge');
    void charge.firstStart.then(charge.release);
    const asker = agent('asker', [batch(['refund', { order: 'o' }]), { text: 'refunded' }], [refund.tool]);
    const worker = agent('worker', [batch(['charge', { amount: 5 }]), { text: 'charged' }], [charge.tool]);
    const root = agent('root', [parallel('asker', 'worker'), { text: 'root done' }], [asker.agent, worker.agent], {
      policy: policyOf(askRefund),
    });
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    expect(charge.finished).toHaveLength(1);
    const pending = await runtime.approvals.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ agent: 'asker', rootRunId: paused.runId });
    const rootEvents = await store.readEvents(paused.runId);
    expect(rootEvents.some((event) => event.type === 'tool-result' && event.toolName === 'worker')).toBe(true);
    const workerRun = (await allRuns(runtime)).find((run) => run.agent === 'worker')!;
    expect(workerRun.status).toBe('completed');

    await runtime.approvals.approve(pending[0]!.approvalId);
    const done = await runtime.resume(root.agent, paused.runId);
    expect(done.status).toBe('completed');
    expect(charge.started).toHaveLength(1);
    expect(refund.calls).toHaveLength(1);
    await expectNothingAfterRunEnd(runtime);
  });

  it('a per-run limit counts the calls of parallel children together', async () => {
    const { runtime } = fresh();
    const send = effectTool('send');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: three, tool: send, limit: { max: 3, per: run } }
`);
    const a = agent('a', [batch(['send', { i: 1 }], ['send', { i: 2 }]), { text: 'a' }], [send.tool]);
    const b = agent('b', [batch(['send', { i: 3 }], ['send', { i: 4 }]), { text: 'b' }], [send.tool]);
    const root = agent('root', [parallel('a', 'b'), { text: 'done' }], [a.agent, b.agent], { policy });
    const result = await runtime.run(root.agent, 'go');
    expect(result.status).toBe('completed');
    expect(send.calls).toHaveLength(3);
  });

  it('parallel grandchildren draw on the root remainder: maxSteps 4 allows at most 4 model calls in the tree', async () => {
    const { runtime } = fresh();
    const leaves = ['g1', 'g2', 'g3', 'g4'].map((name) => agent(name, [{ text: `${name} done` }], []));
    const a = agent('a', [parallel('g1', 'g2'), { text: 'a' }], [leaves[0]!.agent, leaves[1]!.agent]);
    const b = agent('b', [parallel('g3', 'g4'), { text: 'b' }], [leaves[2]!.agent, leaves[3]!.agent]);
    const root = agent('root', [parallel('a', 'b'), { text: 'done' }], [a.agent, b.agent], { budget: { maxSteps: 4 } });
    const result = await runtime.run(root.agent, 'go');
    const calls = [root, a, b, ...leaves].reduce((sum, each) => sum + each.model.requests.length, 0);
    expect(calls).toBeLessThanOrEqual(4);
    expect(result.status).toBe('budget_exceeded');
  });

  it('parallel grandchildren and maxTokens: calls that answer past their estimates may overshoot, then the tree stops', async () => {
    const { runtime } = fresh();
    const big = { inputTokens: 10, outputTokens: 50 };
    const leaves = ['g1', 'g2', 'g3', 'g4'].map((name) => agent(name, [{ text: `${name} done`, usage: big }], []));
    const a = agent('a', [parallel('g1', 'g2'), { text: 'a' }], [leaves[0]!.agent, leaves[1]!.agent]);
    const b = agent('b', [parallel('g3', 'g4'), { text: 'b' }], [leaves[2]!.agent, leaves[3]!.agent]);
    const root = agent('root', [parallel('a', 'b'), { text: 'done' }], [a.agent, b.agent], {
      budget: { maxTokens: 100 },
    });
    const result = await runtime.run(root.agent, 'go');
    // docs/kernel.md: a reservation estimates the input only, so the four leaves (60 tokens each, estimated far
    // lower) all start; once the tree has spent past its budget, no model call starts anywhere in it.
    expect(result.status).toBe('budget_exceeded');
    expect(root.model.requests).toHaveLength(1);
    expect(a.model.requests).toHaveLength(1);
    expect(b.model.requests).toHaveLength(1);
    expect(result.usage.totalTokens).toBeGreaterThan(100);
  });
});

describe('crash and cancel around children', () => {
  it("resuming a root whose child died mid-batch: the child's in-doubt side effect is not repeated, its finished call is replayed", async () => {
    const store = new MemoryRunStore();
    const first = createRuntime({ store });
    const charge = gatedTool('charge', (n) => n === 1);
    charge.release();
    const look = effectTool('look', { readOnly: true });
    const child = agent(
      'child',
      [batch(['look', { q: 1 }], ['charge', { amount: 7 }]), { text: 'child done' }],
      [look.tool, charge.tool],
    );
    const root = agent('root', [delegate('child'), { text: 'root done' }], [child.agent], {
      policy: policyOf('version: 1\ndefault: allow\n'),
    });
    let rootId = '';
    void first.run(root.agent, 'go', { onEvent: (event) => (rootId ||= event.runId) });
    await charge.firstStart;
    expect(charge.started).toHaveLength(1);
    // The process "dies": the run is left running; the next process marks it interrupted.
    await store.updateRun(rootId, { status: 'interrupted' });
    const second = createRuntime({ store });
    const done = await second.resume(root.agent, rootId);
    expect(done.status).toBe('completed');
    expect(done.text).toBe('root done');
    expect(charge.started).toHaveLength(1);
    // \`look\` is read-only: its result may be lost with the process and the call redone (docs/kernel.md, journal.ts).
    const shown = child.model.requests.at(-1)?.messages.at(-1)?.content as Array<{ toolName: string; output: unknown }>;
    expect(JSON.stringify(shown.find((part) => part.toolName === 'charge')?.output)).toContain(
      'unknown whether it took effect',
    );
  });

  it('cancelling the root while one child waits for approval and its sibling works: cancelled, no orphan approval, nothing after run-end', async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const charge = gatedTool('charge');
    const asker = agent('asker', [batch(['refund', { order: 'o' }]), { text: 'refunded' }], [refund.tool]);
    const worker = agent('worker', [batch(['charge', { amount: 5 }]), { text: 'charged' }], [charge.tool]);
    const root = agent('root', [parallel('asker', 'worker'), { text: 'root done' }], [asker.agent, worker.agent], {
      policy: policyOf(askRefund),
    });
    const controller = new AbortController();
    const running = runtime.run(root.agent, 'go', { signal: controller.signal });
    await charge.firstStart;
    controller.abort();
    charge.release();
    const result = await running;
    expect(result.status).toBe('cancelled');
    await charge.firstFinish;
    await expectNothingAfterRunEnd(runtime);
    // The tree is over: no approval may be listed for it, and none can be answered into it.
    const pending = await runtime.approvals.pending();
    const orphans = pending.filter((item) => item.rootRunId === result.runId);
    const answer =
      orphans[0] &&
      (await runtime.approvals.approve(orphans[0].approvalId).then(
        () => 'accepted',
        () => 'refused',
      ));
    expect(answer ?? 'not listed').not.toBe('accepted');
    expect(orphans).toEqual([]);
    for (const run of await allRuns(runtime)) expect(run.status, run.agent).not.toBe('awaiting_approval');
    expect(refund.calls).toHaveLength(0);
  });
});

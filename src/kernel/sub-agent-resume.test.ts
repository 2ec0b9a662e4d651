import { describe, expect, it } from 'vitest';
import { batch, effectTool, policyOf } from './_test-kit.js';

import { delegate, agent, fresh, askRefund } from './_sub-agent-kit.js';

describe('resume keeps what a finished child did', () => {
  it("a per-run limit counts a finished child's calls after the root resumes from an approval", async () => {
    const { runtime } = fresh();
    const send = effectTool('send');
    const refund = effectTool('refund');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: two-sends, tool: send, limit: { max: 2, per: run } }
  - { id: refunds-need-a-human, tool: refund, ask: {} }
`);
    const helper = agent('helper', [batch(['send', { i: 1 }], ['send', { i: 2 }]), { text: 'sent two' }], [send.tool]);
    const root = agent(
      'root',
      [delegate('helper'), batch(['refund', { order: 'o' }]), batch(['send', { i: 3 }]), { text: 'done' }],
      [send.tool, refund.tool, helper.agent],
      { policy },
    );
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    expect(send.calls).toHaveLength(2);
    await runtime.approvals.approve(paused.approvalId!);
    const done = await runtime.resume(root.agent, paused.runId);
    expect(done.status).toBe('completed');
    expect(refund.calls).toHaveLength(1);
    // The limit is 2 per run, parent and child together: the third send must be denied after the resume too.
    expect(send.calls).toHaveLength(2);
  });

  it('a never-after rule triggered inside a finished child still holds after the root resumes', async () => {
    const { runtime } = fresh();
    const secret = effectTool('read_secret', { readOnly: true, output: () => ({ token: 'tok-99887766' }) });
    const fetch = effectTool('http_fetch');
    const refund = effectTool('refund');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: nothing-after-secrets, tool: http_fetch, deny: { history: { called: read_secret } } }
  - { id: refunds-need-a-human, tool: refund, ask: {} }
`);
    const helper = agent('helper', [batch(['read_secret']), { text: 'I looked.' }], [secret.tool]);
    const root = agent(
      'root',
      [
        delegate('helper'),
        batch(['refund', { order: 'o' }]),
        batch(['http_fetch', { url: 'https://x.example/' }]),
        { text: 'done' },
      ],
      [fetch.tool, refund.tool, helper.agent],
      { policy },
    );
    // Without a suspension in between, the rule holds (covered elsewhere); check it here too as a control.
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    await runtime.approvals.approve(paused.approvalId!);
    const done = await runtime.resume(root.agent, paused.runId);
    expect(done.status).toBe('completed');
    expect(fetch.calls).toHaveLength(0);
  });

  it("a finished child's token spend still counts against the root's budget after the root resumes", async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const helper = agent('helper', [{ text: 'long answer', usage: { inputTokens: 300, outputTokens: 300 } }], []);
    const root = agent(
      'root',
      [
        { ...delegate('helper'), usage: { inputTokens: 10, outputTokens: 10 } },
        { ...batch(['refund', { order: 'o' }]), usage: { inputTokens: 10, outputTokens: 10 } },
        { ...batch(['refund', { order: 'p' }]), usage: { inputTokens: 200, outputTokens: 200 } },
        { text: 'done', usage: { inputTokens: 10, outputTokens: 10 } },
      ],
      [refund.tool, helper.agent],
      { policy: policyOf(askRefund), budget: { maxTokens: 1000 } },
    );
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    // 20 + 600 + 20 so far.
    expect(paused.usage.totalTokens).toBe(640);
    await runtime.approvals.approve(paused.approvalId!);
    const resumed = await runtime.resume(root.agent, paused.runId);
    // The third root turn brings the tree to 1040 > 1000: the run must stop on its budget, and report the child's tokens.
    expect(resumed.usage.totalTokens).toBeGreaterThanOrEqual(1040);
    expect(resumed.status).toBe('budget_exceeded');
  });

  it("a finished child's steps still count against the root's maxSteps after the root resumes", async () => {
    const { runtime } = fresh();
    const refund = effectTool('refund');
    const work = effectTool('work', { readOnly: true });
    const helper = agent(
      'helper',
      [batch(['work', { a: 1 }]), batch(['work', { a: 2 }]), { text: 'child done' }],
      [work.tool],
    );
    const root = agent(
      'root',
      [delegate('helper'), batch(['refund', { order: 'o' }]), batch(['work', { a: 3 }]), { text: 'done' }],
      [refund.tool, work.tool, helper.agent],
      { policy: policyOf(askRefund), budget: { maxSteps: 5 } },
    );
    // 1 root + 3 child + 1 root = 5 steps when it suspends; the next root turn would be the 6th.
    const paused = await runtime.run(root.agent, 'go');
    expect(paused.status).toBe('awaiting_approval');
    const before = root.model.requests.length + helper.model.requests.length;
    expect(before).toBe(5);
    await runtime.approvals.approve(paused.approvalId!);
    const resumed = await runtime.resume(root.agent, paused.runId);
    expect(resumed.status).toBe('budget_exceeded');
    expect(root.model.requests.length + helper.model.requests.length).toBe(5);
  });
});

describe('controls for the resume probes (same trees, no suspension)', () => {
  it("a never-after rule triggered inside a child holds for the parent's later calls", async () => {
    const { runtime } = fresh();
    const secret = effectTool('read_secret', { readOnly: true, output: () => ({ token: 'tok-99887766' }) });
    const fetch = effectTool('http_fetch');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: nothing-after-secrets, tool: http_fetch, deny: { history: { called: read_secret } } }
`);
    const helper = agent('helper', [batch(['read_secret']), { text: 'I looked.' }], [secret.tool]);
    const root = agent(
      'root',
      [delegate('helper'), batch(['http_fetch', { url: 'https://x.example/' }]), { text: 'done' }],
      [fetch.tool, helper.agent],
      { policy },
    );
    const done = await runtime.run(root.agent, 'go');
    expect(done.status).toBe('completed');
    expect(fetch.calls).toHaveLength(0);
  });

  it("a child's steps count against the parent's maxSteps in one live run", async () => {
    const { runtime } = fresh();
    const work = effectTool('work', { readOnly: true });
    const helper = agent(
      'helper',
      [batch(['work', { a: 1 }]), batch(['work', { a: 2 }]), { text: 'child done' }],
      [work.tool],
    );
    const root = agent(
      'root',
      [delegate('helper'), batch(['work', { a: 3 }]), { text: 'done' }],
      [work.tool, helper.agent],
      {
        budget: { maxSteps: 4 },
      },
    );
    const result = await runtime.run(root.agent, 'go');
    expect(result.status).toBe('budget_exceeded');
    expect(root.model.requests.length + helper.model.requests.length).toBe(4);
  });
});

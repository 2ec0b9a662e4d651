import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryRunStore } from '../store/memory-store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import type { RunStore } from '../store/run-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { testPostgresUrl, waitUntil } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { createRuntime } from './runtime.js';

import { closers, dbPath, expectConsistentLog, payer, schemas, tag } from './_concurrency-kit.js';

// ───────────────────────────── approvals answered concurrently, resumes racing ─────────────────────────────

/** Two connections to one fresh store of each kind (the memory store is one object). */
const storeKinds: Array<[string, () => Promise<[RunStore, RunStore]>]> = [
  [
    'memory',
    async () => {
      const store = new MemoryRunStore();
      return [store, store];
    },
  ],
  [
    'sqlite (two connections)',
    async () => {
      const path = dbPath();
      return [createSqliteStore({ path }), createSqliteStore({ path })];
    },
  ],
  [
    'postgres (two pools)',
    async () => {
      const schema = schemas.fresh();
      const first = await createPostgresStore({ connectionString: testPostgresUrl, schema });
      const second = await createPostgresStore({ connectionString: testPostgresUrl, schema });
      closers.push(
        () => first.close(),
        () => second.close(),
      );
      return [first, second];
    },
  ],
];

describe.each(storeKinds)('approvals and resumes racing on %s', (_, open) => {
  async function suspended(store: RunStore, runId: string) {
    const ledger: string[] = [];
    const result = await createRuntime({ store }).run(payer(ledger), 'pay 7', { runId });
    expect(result.status).toBe('awaiting_approval');
    expect(ledger).toEqual([]);
    return result.approvalId!;
  }

  it('two approve calls racing: exactly one answer is journaled; the other is refused', async () => {
    const [a, b] = await open();
    const runId = `run_apv2_${tag()}`;
    const approvalId = await suspended(a, runId);
    const settled = await Promise.allSettled([
      createRuntime({ store: a }).approvals.approve(approvalId, { by: 'alice' }),
      createRuntime({ store: b }).approvals.approve(approvalId, { by: 'bob' }),
    ]);
    expect(settled.filter((each) => each.status === 'fulfilled')).toHaveLength(1);
    const answers = (await a.readEvents(runId)).filter((event) => event.type === 'tool-approval-response');
    expect(answers).toHaveLength(1);
  });

  it('approve racing deny: one answer wins, and what the run does follows that answer', async () => {
    const [a, b] = await open();
    const runId = `run_apvd_${tag()}`;
    const approvalId = await suspended(a, runId);
    const settled = await Promise.allSettled([
      createRuntime({ store: a }).approvals.approve(approvalId),
      createRuntime({ store: b }).approvals.deny(approvalId, { reason: 'no' }),
    ]);
    expect(settled.filter((each) => each.status === 'fulfilled')).toHaveLength(1);
    const answers = (await a.readEvents(runId)).flatMap((event) =>
      event.type === 'tool-approval-response' ? [event.approved] : [],
    );
    expect(answers).toHaveLength(1);
    const ledger: string[] = [];
    const done = await createRuntime({ store: b }).resume(payer(ledger, [{ text: 'ok' }]), runId);
    expect(done.status).toBe('completed');
    expect(ledger).toEqual(answers[0] ? [`${runId}:1:7`] : []);
  });

  it('approved, then resumed twice at once (one runtime, same owner): the payment happens once', async () => {
    const [a] = await open();
    const runId = `run_res2_${tag()}`;
    const approvalId = await suspended(a, runId);
    const runtime = createRuntime({ store: a });
    await runtime.approvals.approve(approvalId);
    const ledger: string[] = [];
    const settled = await Promise.allSettled([
      runtime.resume(payer(ledger, [{ text: 'paid' }]), runId),
      runtime.resume(payer(ledger, [{ text: 'paid' }]), runId),
    ]);
    const done = settled.filter((each) => each.status === 'fulfilled') as PromiseFulfilledResult<{ status: string }>[];
    expect(done).toHaveLength(1);
    expect(done[0]!.value.status).toBe('completed');
    expect((settled.find((each) => each.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'RUN_NOT_RESUMABLE',
    });
    expect(ledger).toEqual([`${runId}:1:7`]);
    expectConsistentLog(await a.readEvents(runId));
    expect(await a.getRun(runId)).toMatchObject({ status: 'completed' });
  });

  it('approved, then resumed twice at once on two connections, different owners: the payment happens once', async () => {
    const [a, b] = await open();
    const runId = `run_res2b_${tag()}`;
    const approvalId = await suspended(a, runId);
    await createRuntime({ store: b }).approvals.approve(approvalId);
    const ledger: string[] = [];
    const settled = await Promise.allSettled([
      createRuntime({ store: a, lease: { owner: 'wa' } }).resume(payer(ledger, [{ text: 'paid' }]), runId),
      createRuntime({ store: b, lease: { owner: 'wb' } }).resume(payer(ledger, [{ text: 'paid' }]), runId),
    ]);
    expect(settled.filter((each) => each.status === 'fulfilled')).toHaveLength(1);
    expect(ledger).toEqual([`${runId}:1:7`]);
    expectConsistentLog(await b.readEvents(runId));
  });

  it('an approval answered while the run is being resumed elsewhere is refused and not journaled', async () => {
    const [a, b] = await open();
    const runId = `run_late_${tag()}`;
    const approvalId = await suspended(a, runId);
    await createRuntime({ store: a }).approvals.approve(approvalId);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ledger: string[] = [];
    const slow = payer(ledger, [{ text: 'paid' }]);
    const pay = slow.tools![0]! as ReturnType<typeof defineTool>;
    const blocking = defineTool({
      name: 'pay',
      description: 'Pay',
      input: z.object({ amount: z.number() }),
      execute: async (input, context) => {
        await gate;
        return (pay as any).execute(input, context);
      },
    });
    const resumed = createRuntime({ store: a }).resume({ ...slow, tools: [blocking] }, runId);
    await waitUntil(async () => (await b.getRun(runId))?.status === 'running');
    await expect(createRuntime({ store: b }).approvals.deny(approvalId)).rejects.toBeDefined();
    release();
    expect((await resumed).status).toBe('completed');
    expect(ledger).toHaveLength(1);
    const log = await a.readEvents(runId);
    expect(log.filter((event) => event.type === 'tool-approval-response')).toHaveLength(1);
    expectConsistentLog(log);
  });
});

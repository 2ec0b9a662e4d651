import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../core/clock.js';
import type { RunEvent } from '../core/events.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import type { RunStore } from '../store/run-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { testPostgresUrl, testSchemas, waitUntil } from '../testing/service-test-kit.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

const schemas = testSchemas('resume_claims');
const directory = mkdtempSync(join(tmpdir(), 'warden-resume-claims-'));
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await schemas.drop();
});

/** Two connections to one fresh store of each kind (the memory store is one object). */
const kinds: Array<[string, () => Promise<[RunStore, RunStore]>]> = [
  [
    'memory',
    async () => {
      const store = new MemoryRunStore();
      return [store, store];
    },
  ],
  [
    'sqlite',
    async () => {
      const path = join(directory, `${Math.random().toString(36).slice(2)}.db`);
      return [createSqliteStore({ path }), createSqliteStore({ path })];
    },
  ],
  [
    'postgres (two pools)',
    async () => {
      const schema = schemas.fresh();
      const first = await createPostgresStore({ connectionString: testPostgresUrl, schema });
      return [first, await createPostgresStore({ connectionString: testPostgresUrl, schema })];
    },
  ],
];

function payingAgent(ledger: string[]) {
  const pay = defineTool({
    name: 'pay',
    description: 'Pay',
    input: z.object({ amount: z.number() }),
    execute: ({ amount }, context) => {
      ledger.push(`${context.idempotencyKey}:${amount}`);
      return { paid: amount };
    },
  });
  const model = new ScriptedModel([{ toolCalls: [{ name: 'pay', input: { amount: 5 } }] }, { text: 'paid' }]);
  return defineAgent({ name: 'payer', model, tools: [pay] });
}

/** An interrupted run with only its start in the log, as a crash inside the first model call leaves it. */
async function interruptedRun(store: RunStore, runId: string, start: Partial<RunEvent> = {}): Promise<void> {
  const event = {
    type: 'run-start',
    runId,
    seq: 0,
    time: 1,
    agent: 'payer',
    input: 'pay 5',
    model: 'scripted:scripted',
    strategy: 'react',
    tools: ['pay'],
    simulated: true,
    schemaVersion: 2,
    authority: { policy: 'none' },
    ...start,
  } as RunEvent;
  await store.append(runId, [event], {
    create: {
      id: runId,
      agent: 'payer',
      model: 'scripted:scripted',
      input: 'pay 5',
      createdAt: 1,
      status: 'interrupted',
    },
  });
}

describe.each(kinds)('resume on %s', (_, open) => {
  it('two resumers at once: one runs the run, the other is told who holds it; the payment happens once', async () => {
    const [a, b] = await open();
    await interruptedRun(a, 'run_twice');
    const ledger: string[] = [];
    const results = await Promise.allSettled([
      createRuntime({ store: a, lease: { owner: 'resumer-a' } }).resume(payingAgent(ledger), 'run_twice'),
      createRuntime({ store: b, lease: { owner: 'resumer-b' } }).resume(payingAgent(ledger), 'run_twice'),
    ]);
    const done = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: 'RUN_NOT_RESUMABLE' });
    expect((refused[0]!.reason as Error).message).toMatch(/held by resumer-[ab]|is (running|completed)/);
    expect(ledger).toEqual(['run_twice:1:5']);
    const run = await a.getRun('run_twice');
    expect(run).toMatchObject({ status: 'completed' });
    expect(run).not.toHaveProperty('lease');
    await a.close();
    if (b !== a) await b.close();
  });

  it('refuses a log written by a newer event schema with EVENT_SCHEMA_TOO_NEW and leaves the run as it was', async () => {
    const [store, other] = await open();
    await interruptedRun(store, 'run_new', { schemaVersion: 99 } as Partial<RunEvent>);
    const error = await createRuntime({ store })
      .resume(payingAgent([]), 'run_new')
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'EVENT_SCHEMA_TOO_NEW', message: expect.stringContaining('Upgrade Warden') });
    const run = await store.getRun('run_new');
    expect(run?.status).toBe('interrupted');
    expect(run).not.toHaveProperty('lease');
    await store.close();
    if (other !== store) await other.close();
  });

  it('refuses a damaged log (an unknown event type) with EVENT_INVALID naming the run and the event', async () => {
    const [store, other] = await open();
    await interruptedRun(store, 'run_bad');
    await store.append('run_bad', [
      { type: 'tool-exploded', runId: 'run_bad', seq: 1, time: 2 } as unknown as RunEvent,
    ]);
    const error = await createRuntime({ store })
      .resume(payingAgent([]), 'run_bad')
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'EVENT_INVALID' });
    expect((error as Error).message).toContain('run run_bad, event 1');
    expect((await store.getRun('run_bad'))?.status).toBe('interrupted');
    await store.close();
    if (other !== store) await other.close();
  });
});

describe('a lost lease', () => {
  it('stops the run that lost it: its later writes are refused and it ends failed with RUN_LEASE_LOST', async () => {
    const clock = createManualClock(1000);
    const store = new MemoryRunStore({ clock });
    let release: (() => void) | undefined;
    const slow = defineTool({
      name: 'slow',
      description: 'Waits',
      input: z.object({}),
      readOnly: true,
      execute: () => new Promise((resolve) => (release = () => resolve('done'))),
    });
    const model = new ScriptedModel([{ toolCalls: [{ name: 'slow', input: {} }] }, { text: 'finished' }]);
    const runtime = createRuntime({ store, lease: { owner: 'worker-a', ttlMs: 60_000 } });
    const running = runtime.run(defineAgent({ name: 'slow', model, tools: [slow] }), 'go', { runId: 'run_lost' });
    await waitUntil(() => release !== undefined);
    expect((await store.getRun('run_lost'))?.lease).toMatchObject({ owner: 'worker-a', token: 1 });
    clock.advance(60_000);
    const taken = await store.claim('run_lost', 'worker-b', 60_000);
    const before = (await store.getRun('run_lost'))!.lastSeq;
    release!();
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('RUN_LEASE_LOST');
    expect((await store.getRun('run_lost'))!.lastSeq).toBe(before);
    expect((await store.getRun('run_lost'))?.lease).toEqual(taken);
  });
});

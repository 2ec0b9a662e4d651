// Attacks on the workers with jobs other producers (or a damaged Redis) could put on the queue: a job no retry
// can fix fails at once with a typed reason (create-worker.ts), and a job delivered twice never runs its run twice
// (docs/workers.md: "a job's id is its run id"; process-run.ts: "never runs a run twice").
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LanguageModel, ModelRequest, ModelResponse } from '../models/language-model.js';
import { defineAgent } from '../runtime/index.js';
import { createPostgresStore, type PostgresRunStore } from '../store/index.js';
import { dropRedisPrefix, testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { importBullmq } from './_bullmq.js';
import { createWorker, type WardenWorker } from './index.js';

const schemas = testSchemas('job_attacks');
const prefix = `warden-test-job-attacks-${randomBytes(4).toString('hex')}`;
const connection = { host: '127.0.0.1', port: 6379 };
const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

/** Pays once, then answers. */
function payingModel(): LanguageModel {
  return {
    specificationVersion: 'warden-1',
    provider: 'scripted',
    modelId: 'payer',
    simulated: true,
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      return request.messages.some((message) => message.role === 'tool')
        ? { content: [{ type: 'text', text: 'paid' }], finishReason: 'stop', usage }
        : {
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'pay', arguments: '{"amount":3}' }],
            finishReason: 'tool-calls',
            usage,
          };
    },
    doStream: () => {
      throw new Error('not streamed');
    },
  };
}

const payments: string[] = [];
let store: PostgresRunStore;
let worker: WardenWorker;
let queue: import('bullmq').Queue;
let events: import('bullmq').QueueEvents;

beforeAll(async () => {
  const { Queue, QueueEvents } = await importBullmq();
  store = await createPostgresStore({ connectionString: testPostgresUrl, schema: schemas.fresh() });
  const pay = defineTool({
    name: 'pay',
    description: 'Pay',
    input: z.object({ amount: z.number() }),
    execute: async ({ amount }, context) => {
      payments.push(context.runId);
      return { paid: amount };
    },
  });
  const payer = defineAgent({ name: 'payer', model: payingModel(), tools: [pay] });
  worker = await createWorker({ store, agents: { payer }, prefix, id: 'attacks@test', leaseTtlMs: 2000 });
  queue = new Queue('warden-runs', { connection, prefix });
  events = new QueueEvents('warden-runs', { connection, prefix });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
}, 30_000);

afterAll(async () => {
  await worker?.close();
  await events?.close();
  await queue?.close();
  await store?.close();
  await schemas.drop();
  await dropRedisPrefix(prefix);
});

/** Puts a raw job on the workers' queue (3 attempts, 10 ms apart) and waits until it completes or fails for good. */
async function settle(jobId: string, data: unknown) {
  const job = await queue.add('run', data as never, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 10 } });
  const result = await job.waitUntilFinished(events, 20_000).then(
    (value: unknown) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, reason: error.message }),
  );
  const after = await queue.getJob(jobId);
  return { result, attemptsMade: after?.attemptsMade, failedReason: after?.failedReason, job: after! };
}

describe('worker job attacks: breaks the promise would be', () => {
  it.each([['constructor'], ['toString'], ['__proto__']])(
    'a job for agent "%s" (an Object.prototype key) fails at once: the worker has no such agent',
    async (agent) => {
      const { result, attemptsMade, failedReason } = await settle(`run_proto_${agent}`, {
        runId: `run_proto_${agent}`,
        agent,
        input: 'hi',
      });
      expect(result.ok).toBe(false);
      expect(failedReason).toMatch(/^CONFIG_INVALID: This worker has no agent/);
      expect(attemptsMade).toBe(1);
    },
    30_000,
  );

  it('a job whose payload is null fails at once with a typed reason, not a TypeError retried', async () => {
    const { result, attemptsMade, failedReason } = await settle('job_null', null);
    expect(result.ok).toBe(false);
    expect(failedReason).toMatch(/^[A-Z_]+: /);
    expect(attemptsMade).toBe(1);
  }, 30_000);

  it('a job without a runId, delivered again (as after a stalled worker), does not pay twice', async () => {
    const before = payments.length;
    const first = await settle('job_no_run_id', { agent: 'payer', input: 'pay the invoice' });
    if (first.result.ok) await first.job.retry('completed');
    else if (first.attemptsMade === 1) return; // refused at once as malformed: that keeps the promise too
    await first.job.waitUntilFinished(events, 20_000).catch(() => undefined);
    expect(payments.length - before).toBeLessThanOrEqual(1);
    const runs = (await store.listRuns({ limit: 1000 })).filter((run) => run.input === 'pay the invoice');
    expect(runs.map((run) => run.id)).toEqual(['job_no_run_id']);
  }, 60_000);

  it('a job whose runId holds a NUL fails at once (no retry fixes it), with a message about the run id', async () => {
    const { result, attemptsMade, failedReason } = await settle('job_nul', {
      runId: 'run_\u0000x',
      agent: 'payer',
      input: 'hi',
    });
    expect(result.ok).toBe(false);
    expect(attemptsMade).toBe(1);
    expect(failedReason).toMatch(/run id/i);
  }, 30_000);
});

describe('worker job attacks: probes that hold', () => {
  it('a job with a runId, delivered again after it completed, is answered from the store and pays once', async () => {
    const first = await settle('run_redelivered', { runId: 'run_redelivered', agent: 'payer', input: 'pay once' });
    expect(first.result).toMatchObject({ ok: true, value: { runId: 'run_redelivered', status: 'completed' } });
    await first.job.retry('completed');
    const again = await first.job.waitUntilFinished(events, 20_000);
    expect(again).toMatchObject({ runId: 'run_redelivered', status: 'completed' });
    expect(payments.filter((runId) => runId === 'run_redelivered')).toEqual(['run_redelivered']);
  }, 60_000);

  it.each([
    ['a number as input', { runId: 'run_in_num', agent: 'payer', input: 42 }, /^RUN_INPUT_INVALID: /],
    ['an object as input', { runId: 'run_in_obj', agent: 'payer', input: { role: 'user' } }, /^RUN_INPUT_INVALID: /],
    [
      'a message of an unknown role',
      { runId: 'run_in_role', agent: 'payer', input: [{ role: 'wizard', content: 'x' }] },
      /^RUN_INPUT_INVALID: .*wizard/,
    ],
    ['a string payload', 'garbage', /^RUN_JOB_INVALID: .*not a run/],
    ['an unknown agent', { runId: 'run_nobody', agent: 'nobody', input: 'x' }, /^CONFIG_INVALID: .*payer/],
  ])(
    'a job with %s fails at once with a typed reason',
    async (_name, data, reason) => {
      const jobId = typeof data === 'object' ? data.runId : 'job_string';
      const { result, attemptsMade, failedReason } = await settle(jobId, data);
      expect(result.ok).toBe(false);
      expect(failedReason).toMatch(reason);
      expect(attemptsMade).toBe(1);
      expect(payments).not.toContain(jobId);
    },
    30_000,
  );

  it('a 1 MB input runs and is stored as given', async () => {
    const input = 'x'.repeat(1 << 20);
    const { result } = await settle('run_huge', { runId: 'run_huge', agent: 'payer', input });
    expect(result).toMatchObject({ ok: true, value: { status: 'completed' } });
    expect((await store.getRun('run_huge'))?.input).toBe(input);
  }, 30_000);
});

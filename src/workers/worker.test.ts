import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LanguageModel, ModelRequest, ModelResponse } from '../models/language-model.js';
import { defineAgent } from '../runtime/index.js';
import { createPostgresStore, type PostgresRunStore } from '../store/index.js';
import { dropRedisPrefix, testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { createRunQueue, createWorker, type WardenWorker } from './index.js';

const schemas = testSchemas('workers');
const prefix = `warden-test-workers-${randomBytes(4).toString('hex')}`;
const stores: PostgresRunStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await schemas.drop();
  await dropRedisPrefix(prefix);
});

/** Pays once, then answers: stateless, so any worker can continue any run. */
function payingModel(): LanguageModel {
  return {
    specificationVersion: 'warden-1',
    provider: 'scripted',
    modelId: 'payer',
    simulated: true,
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      const paid = request.messages.some((message) => message.role === 'tool');
      return paid
        ? {
            content: [{ type: 'text', text: 'paid' }],
            finishReason: 'stop',
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          }
        : {
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'pay', arguments: '{"amount":3}' }],
            finishReason: 'tool-calls',
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          };
    },
    doStream: () => {
      throw new Error('not streamed');
    },
  };
}

describe('distributed workers (BullMQ on Redis, PostgreSQL)', () => {
  it('two workers take queued runs, each run once, and the enqueuer awaits every result', async () => {
    const schema = schemas.fresh();
    const payments: string[] = [];
    const seenBy = new Map<string, string>();
    const workers: WardenWorker[] = [];
    for (const name of ['alpha', 'beta']) {
      const store = await createPostgresStore({ connectionString: testPostgresUrl, schema });
      stores.push(store);
      const pay = defineTool({
        name: 'pay',
        description: 'Pay',
        input: z.object({ amount: z.number() }),
        execute: async ({ amount }, context) => {
          payments.push(context.idempotencyKey!);
          seenBy.set(context.runId, name);
          return { paid: amount };
        },
      });
      const agent = defineAgent({ name: 'payer', model: payingModel(), tools: [pay] });
      workers.push(
        await createWorker({
          store,
          agents: { payer: agent },
          prefix,
          concurrency: 2,
          id: `${name}@test`,
          leaseTtlMs: 5000,
        }),
      );
    }
    const queue = await createRunQueue({ prefix });
    const queued = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        queue.enqueue('payer', `pay ${i}`, {
          runId: `run_w${i}`,
          principal: { id: 'ada', tenant: i % 2 ? 'acme' : 'globex' },
        }),
      ),
    );
    const again = await queue.enqueue('payer', 'pay 0', { runId: 'run_w0' });
    const results = await Promise.all([...queued, again].map((run) => run.result(30_000)));
    expect(results.map((result) => result.status)).toEqual(Array(7).fill('completed'));
    expect(results[6]!.runId).toBe('run_w0');
    expect(payments.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `run_w${i}:1`));
    const store = stores[0]!;
    for (let i = 0; i < 6; i++) {
      const run = await store.getRun(`run_w${i}`);
      expect(run).toMatchObject({
        status: 'completed',
        ownerId: `${seenBy.get(`run_w${i}`)}@test`,
        tenant: i % 2 ? 'acme' : 'globex',
      });
      expect(run).not.toHaveProperty('lease');
    }
    expect((await store.listRuns({ tenant: 'acme' })).map((run) => run.id).sort()).toEqual([
      'run_w1',
      'run_w3',
      'run_w5',
    ]);
    await queue.close();
    await Promise.all(workers.map((worker) => worker.close()));
  }, 60_000);

  it('fails a job for an agent no worker has at once, saying which agents there are', async () => {
    const store = await createPostgresStore({ connectionString: testPostgresUrl, schema: schemas.fresh() });
    stores.push(store);
    const agent = defineAgent({ name: 'payer', model: payingModel(), tools: [] });
    const worker = await createWorker({ store, agents: { payer: agent }, prefix, id: 'gamma@test' });
    const queue = await createRunQueue({ prefix });
    const queued = await queue.enqueue('nobody', 'hello');
    const error = await queued.result(30_000).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'RUN_JOB_FAILED' });
    expect((error as Error).message).toMatch(/CONFIG_INVALID: This worker has no agent "nobody".*payer/);
    await queue.close();
    await worker.close();
  }, 60_000);

  it('refuses a Redis URL that is not one, saying what to write', async () => {
    await expect(createRunQueue({ redisUrl: 'http://localhost' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('redis://host:6379'),
    });
  });
});

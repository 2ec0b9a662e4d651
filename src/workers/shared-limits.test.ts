import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRedisCounters } from '../counters/redis-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { defineAgent } from '../runtime/index.js';
import { createPostgresStore, type PostgresRunStore } from '../store/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { dropRedisPrefix, testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { createRunQueue, createWorker, type WardenWorker } from './index.js';

const schemas = testSchemas('worker_limits');
const prefix = `warden-test-worker-limits-${randomBytes(4).toString('hex')}`;
const opened: Array<PostgresRunStore | SharedCounters> = [];
afterAll(async () => {
  for (const each of opened) await each.close();
  await schemas.drop();
  await dropRedisPrefix(prefix);
});

const { policy } = parsePolicy(
  `
version: 1
name: worker-limits
default: allow
rules:
  - id: payments-per-principal
    tool: pay
    limit: { max: 3, per: principal, window: 1h }
`,
  { file: 'inline.yaml' },
);

describe('workers sharing Redis counters', () => {
  it('two workers with their own runtimes allow a principal exactly max payments across both', async () => {
    const schema = schemas.fresh();
    const paid: string[] = [];
    const workers: WardenWorker[] = [];
    for (const name of ['alpha', 'beta']) {
      const store = await createPostgresStore({ connectionString: testPostgresUrl, schema });
      const counters = await createRedisCounters({ prefix: `${prefix}:counters:` });
      opened.push(store, counters);
      const pay = defineTool({
        name: 'pay',
        description: 'Pay',
        input: z.object({ amount: z.number() }),
        execute: ({ amount }, context) => {
          paid.push(context.runId);
          return { paid: amount };
        },
      });
      const agent = () =>
        defineAgent({
          name: 'payer',
          model: new ScriptedModel([{ toolCalls: [{ name: 'pay', input: { amount: 1 } }] }, { text: 'done' }]),
          tools: [pay],
          policy,
        });
      workers.push(
        await createWorker({
          store,
          agents: () => agent(),
          prefix,
          concurrency: 3,
          id: `${name}@test`,
          runtime: { counters },
        }),
      );
    }
    const queue = await createRunQueue({ prefix });
    const queued = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        queue.enqueue('payer', `pay ${i}`, { principal: { id: 'ada', tenant: 'acme' } }),
      ),
    );
    const results = await Promise.all(queued.map((run) => run.result(30_000)));
    expect(results.map((result) => result.status)).toEqual(Array(8).fill('completed'));
    expect(paid).toHaveLength(3);
    await queue.close();
    await Promise.all(workers.map((worker) => worker.close()));
  }, 60_000);
});

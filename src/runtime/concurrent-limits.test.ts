import { describe, expect, it } from 'vitest';
import { createMemoryCounters } from '../counters/memory-counters.js';
import { createPostgresCounters } from '../counters/postgres-counters.js';
import { createRedisCounters } from '../counters/redis-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { RunEvent } from '../core/events.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { testPostgresUrl } from '../testing/service-test-kit.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

import { schemas, redisPrefixes, closers, tag, dbPath, policyOf, mailer, decisions } from './_concurrency-kit.js';

// ───────────────────────────── limits per principal / tenant ─────────────────────────────

describe('per-principal limits under many concurrent runs of one principal, one runtime', () => {
  const mail = policyOf(`
version: 1
name: probe-mail
default: allow
rules:
  - id: cap
    tool: send_email
    limit: { max: 4, per: principal }
`);

  it('8 concurrent runs x batches of 3: exactly 4 sends in total, each allow journaled once', async () => {
    const sent: string[] = [];
    const events: RunEvent[] = [];
    const runtime = createRuntime();
    const principal = { id: `p-${tag()}` };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runtime.run(mailer(sent, mail), 'mail', { principal, onEvent: (event) => events.push(event) }),
      ),
    );
    expect(results.every((result) => result.status === 'completed')).toBe(true);
    expect(sent).toHaveLength(4);
    const decided = decisions(events, 'send_email');
    expect(decided).toHaveLength(24);
    expect(decided.filter((event) => event.decision === 'allow')).toHaveLength(4);
  });

  it('per tenant with a window: 3 principals of one tenant, 6 concurrent runs, exactly max sends', async () => {
    const tenantPolicy = policyOf(`
version: 1
name: probe-tenant
default: allow
rules:
  - id: tenant-cap
    tool: send_email
    limit: { max: 5, per: tenant, window: 1h }
`);
    const sent: string[] = [];
    const runtime = createRuntime();
    const tenant = `t-${tag()}`;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        runtime.run(mailer(sent, tenantPolicy), 'mail', { principal: { id: `p${i % 3}`, tenant } }),
      ),
    );
    expect(sent).toHaveLength(5);
  });

  it('a per-principal limit on model.generate: 6 concurrent runs, exactly 3 model calls reach the model', async () => {
    const genPolicy = policyOf(`
version: 1
name: probe-gen
default: allow
rules:
  - id: gen-cap
    action: model.generate
    limit: { max: 3, per: principal }
`);
    const models: ScriptedModel[] = [];
    const runtime = createRuntime();
    const principal = { id: `g-${tag()}` };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => {
        const model = new ScriptedModel([{ text: 'hi' }]);
        models.push(model);
        return runtime.run(defineAgent({ name: 'gen', model, policy: genPolicy }), 'hello', { principal });
      }),
    );
    expect(models.reduce((sum, model) => sum + model.used, 0)).toBe(3);
    expect(results.filter((result) => result.status === 'completed')).toHaveLength(3);
  });

  it('parent and sub-agents of one principal in parallel: the per-principal limit holds across the tree', async () => {
    const sent: string[] = [];
    const sendEmail = mailer(sent, mail).tools![0]!;
    let spawned = 0;
    const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    const helper = defineAgent({
      name: 'helper',
      tools: [sendEmail],
      policy: mail,
      maxParallelTools: 3,
      model: {
        specificationVersion: 'warden-1',
        provider: 'scripted',
        modelId: 'helper',
        simulated: true,
        doGenerate: async (request) => {
          if (request.messages.some((message) => message.role === 'tool')) {
            return { content: [{ type: 'text', text: 'ok' }], finishReason: 'stop', usage };
          }
          const n = ++spawned;
          return {
            content: [1, 2, 3].map((i) => ({
              type: 'tool-call' as const,
              toolCallId: `c${n}-${i}`,
              toolName: 'send_email',
              arguments: JSON.stringify({ to: `h${n}-${i}@acme.example` }),
            })),
            finishReason: 'tool-calls',
            usage,
          };
        },
        doStream: () => {
          throw new Error('not streamed');
        },
      },
    });
    const parent = defineAgent({
      name: 'boss',
      model: new ScriptedModel([
        {
          toolCalls: [
            { name: 'helper', input: { input: 'a' } },
            { name: 'helper', input: { input: 'b' } },
            { name: 'send_email', input: { to: 'x@acme.example' } },
            { name: 'send_email', input: { to: 'y@acme.example' } },
          ],
        },
        { text: 'done' },
      ]),
      tools: [helper, sendEmail],
      policy: mail,
      maxParallelTools: 4,
    });
    const result = await createRuntime().run(parent, 'go', { principal: { id: `tree-${tag()}` } });
    expect(result.status).toBe('completed');
    expect(spawned).toBe(2);
    expect(sent).toHaveLength(4);
  });
});

describe('per-principal limits across two runtimes on one SQLite file with shared counters', () => {
  const mail = policyOf(`
version: 1
name: probe-mail-2
default: allow
rules:
  - id: cap
    tool: send_email
    limit: { max: 5, per: principal, window: 1d }
`);

  const backends: Array<[string, () => Promise<SharedCounters>]> = [
    [
      'postgres',
      (() => {
        const schema = schemas.fresh();
        return async () => {
          const counters = await createPostgresCounters({ connectionString: testPostgresUrl, schema });
          closers.push(() => counters.close());
          return counters;
        };
      })(),
    ],
    [
      'redis',
      (() => {
        const prefix = `warden-test-probe-${tag()}`;
        redisPrefixes.push(prefix);
        return async () => {
          const counters = await createRedisCounters({ prefix: `${prefix}:` });
          closers.push(() => counters.close());
          return counters;
        };
      })(),
    ],
  ];

  it.each(backends)('%s: two runtimes x 5 concurrent runs x 3 calls → exactly 5 sends', async (_, open) => {
    const path = dbPath();
    const [c1, c2] = [await open(), await open()];
    const r1 = createRuntime({ store: createSqliteStore({ path }), counters: c1 });
    const r2 = createRuntime({ store: createSqliteStore({ path }), counters: c2 });
    const sent: string[] = [];
    const principal = { id: `two-${tag()}` };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? r1 : r2).run(mailer(sent, mail), 'mail', { principal })),
    );
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('completed'));
    expect(sent).toHaveLength(5);
  });

  it.each(backends)('%s: model.generate per principal across two runtimes: exactly 3 calls', async (_, open) => {
    const genPolicy = policyOf(`
version: 1
name: probe-gen-2
default: allow
rules:
  - id: gen-cap
    action: model.generate
    limit: { max: 3, per: principal }
`);
    const [c1, c2] = [await open(), await open()];
    const r1 = createRuntime({ counters: c1 });
    const r2 = createRuntime({ counters: c2 });
    const models: ScriptedModel[] = [];
    const principal = { id: `gen2-${tag()}` };
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const model = new ScriptedModel([{ text: 'hi' }]);
        models.push(model);
        return (i % 2 ? r1 : r2).run(defineAgent({ name: 'gen', model, policy: genPolicy }), 'hello', { principal });
      }),
    );
    expect(models.reduce((sum, model) => sum + model.used, 0)).toBe(3);
  });
});

describe('a principal limit and a tenant limit on one action, concurrent runs of two principals', () => {
  const both = policyOf(`
version: 1
name: probe-both
default: allow
rules:
  - id: principal-cap
    tool: send_email
    limit: { max: 3, per: principal }
  - id: tenant-cap
    tool: send_email
    limit: { max: 4, per: tenant, window: 1h }
`);
  const backends: Array<[string, () => Promise<SharedCounters>]> = [
    ['memory', async () => createMemoryCounters()],
    [
      'postgres',
      async () => {
        const counters = await createPostgresCounters({ connectionString: testPostgresUrl, schema: schemas.fresh() });
        closers.push(() => counters.close());
        return counters;
      },
    ],
  ];
  it.each(backends)(
    '%s: each principal ≤ 3, the tenant exactly 4, nothing counted for a refused reserve',
    async (_, open) => {
      const counters = await open();
      const runtime = createRuntime({ counters });
      const tenant = `acme-${tag()}`;
      const byPrincipal = new Map<string, string[]>();
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const id = `p${i % 2}`;
          const sent = byPrincipal.get(id) ?? [];
          byPrincipal.set(id, sent);
          return runtime.run(mailer(sent, both), 'mail', { principal: { id, tenant } });
        }),
      );
      const counts = [...byPrincipal.values()].map((sent) => sent.length);
      expect(counts.every((count) => count <= 3)).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
      const read = await counters.read(
        [
          { key: `limit:probe-both:principal-cap:principal:p0` },
          { key: `limit:probe-both:principal-cap:principal:p1` },
          { key: `limit:probe-both:tenant-cap:tenant:${tenant}`, windowMs: 3_600_000 },
        ],
        Date.now(),
      );
      expect(read[2]).toBe(4);
    },
  );
});

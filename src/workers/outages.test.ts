import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LanguageModel, ModelRequest, ModelResponse } from '../models/language-model.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import { type Clock, createManualClock } from '../core/clock.js';
import { createPostgresStore, type RunStore, withStoreRetry } from '../store/index.js';
import { dropRedisPrefix, testPostgresUrl, testSchemas, waitUntil } from '../testing/service-test-kit.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { defineTool } from '../tools/define-tool.js';
import { createRunQueue, createWorker } from './index.js';

const schemas = testSchemas('outages');
const prefix = `warden-test-outages-${randomBytes(4).toString('hex')}`;
const proxies: TcpProxy[] = [];
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  await schemas.drop();
  await dropRedisPrefix(prefix);
});

/** Two side effects, then an answer; stateless, so a resumed run continues where its log ends. */
function twoStepModel(): LanguageModel {
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    specificationVersion: 'warden-1',
    provider: 'scripted',
    modelId: 'two-steps',
    simulated: true,
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      const step = request.messages.filter((message) => message.role === 'assistant').length;
      if (step >= 2) return { content: [{ type: 'text', text: 'both sent' }], finishReason: 'stop', usage };
      return {
        content: [{ type: 'tool-call', toolCallId: `c${step}`, toolName: 'send', arguments: `{"n":${step}}` }],
        finishReason: 'tool-calls',
        usage,
      };
    },
    doStream: () => {
      throw new Error('not streamed');
    },
  };
}

function sender(onSend: (n: number) => void) {
  const sent: number[] = [];
  const send = defineTool({
    name: 'send',
    description: 'Sends',
    input: z.object({ n: z.number() }),
    execute: ({ n }) => {
      sent.push(n);
      onSend(n);
      return { sent: n };
    },
  });
  return { sent, agent: defineAgent({ name: 'sender', model: twoStepModel(), tools: [send] }) };
}

async function proxiedStore(clock?: Clock): Promise<{ proxy: TcpProxy; store: RunStore; schema: string }> {
  const url = new URL(testPostgresUrl);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  proxies.push(proxy);
  url.host = `127.0.0.1:${proxy.port}`;
  const schema = schemas.fresh();
  const store = await createPostgresStore({
    connectionString: url.toString(),
    schema,
    pool: { connectionTimeoutMillis: 2000 },
    ...(clock && { clock }),
  });
  return { proxy, store, schema };
}

describe('PostgreSQL going away mid-run', () => {
  it('pauses the run and resumes it when the server is back: nothing lost, nothing sent twice', async () => {
    const { proxy, store } = await proxiedStore();
    const tools = sender((n) => n === 0 && proxy.cut());
    const retrying = withStoreRetry(store, { maxWaitMs: 60_000, onRetry: () => proxy.restore() });
    const result = await createRuntime({ store: retrying }).run(tools.agent, 'send two', { runId: 'run_pg_blip' });
    expect(result).toMatchObject({ status: 'completed', output: 'both sent' });
    expect(tools.sent).toEqual([0, 1]);
    const events = await store.readEvents('run_pg_blip');
    expect(events.filter((event) => event.type === 'tool-result')).toHaveLength(2);
    expect(events.at(-1)?.type).toBe('run-end');
    expect(await store.getRun('run_pg_blip')).toMatchObject({ status: 'completed' });
    await store.close();
  });

  it('fails with STORE_UNAVAILABLE after the bounded wait; once back, the run resumes without repeating', async () => {
    const clock = createManualClock(Date.now());
    const { proxy, store } = await proxiedStore(clock);
    const first = sender((n) => n === 0 && proxy.cut());
    const retrying = withStoreRetry(store, { maxWaitMs: 300, initialDelayMs: 20 });
    const result = await createRuntime({ store: retrying, lease: { owner: 'first', ttlMs: 30_000 } }).run(
      first.agent,
      'send two',
      {
        runId: 'run_pg_down',
      },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(result.error?.message).toMatch(/Waited \d+ s for the run store .* the run stops here and can be resumed/);
    proxy.restore();
    // Its lease ran out with its process: another runtime takes it over from the log.
    const again = sender(() => {});
    const later = createRuntime({ store, lease: { owner: 'second', ttlMs: 60_000 } });
    expect(await store.getRun('run_pg_down')).toMatchObject({ status: 'running', lease: { owner: 'first' } });
    clock.advance(60_000);
    const resumed = await later.resume(again.agent, 'run_pg_down');
    expect(resumed.status).toBe('completed');
    expect(first.sent).toEqual([0]);
    expect(again.sent).toEqual([1]);
    await store.close();
  });
});

describe('Redis going away mid-run', () => {
  it('the run goes on (it journals to PostgreSQL), and its job completes once Redis is back', async () => {
    const redis = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    proxies.push(redis);
    const schema = schemas.fresh();
    const store = await createPostgresStore({ connectionString: testPostgresUrl, schema });
    const tools = sender((n) => n === 0 && redis.cut());
    const worker = await createWorker({
      store,
      agents: { sender: tools.agent },
      prefix,
      redisUrl: `redis://127.0.0.1:${redis.port}`,
      leaseTtlMs: 1000,
    });
    const queue = await createRunQueue({ prefix });
    const queued = await queue.enqueue('sender', 'send two', { runId: 'run_redis_blip' });
    await waitUntil(async () => (await store.getRun('run_redis_blip'))?.status === 'completed', 20_000);
    expect(redis.isCut).toBe(true);
    redis.restore();
    const result = await queued.result(30_000);
    expect(result).toMatchObject({ runId: 'run_redis_blip', status: 'completed' });
    expect(tools.sent).toEqual([0, 1]);
    await queue.close();
    await worker.close();
    await store.close();
  }, 60_000);
});

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { testPostgresUrl } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

import { schemas, closers, dbPath, expectConsistentLog } from './_concurrency-kit.js';

// ───────────────────────────── store errors mid-run ─────────────────────────────

async function proxiedPostgres() {
  const { startTcpProxy } = await import('../testing/tcp-proxy.js');
  const url = new URL(testPostgresUrl);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  closers.push(() => proxy.close());
  url.host = `127.0.0.1:${proxy.port}`;
  const schema = schemas.fresh();
  const store = await createPostgresStore({
    connectionString: url.toString(),
    schema,
    pool: { connectionTimeoutMillis: 1000 },
  });
  closers.push(() => store.close());
  return { proxy, store };
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
  const model = () =>
    new ScriptedModel([
      (request) =>
        request.messages.some((message) => message.role === 'tool')
          ? { text: 'sent' }
          : { toolCalls: [{ name: 'send', input: { n: 0 } }] },
      { text: 'sent' },
    ]);
  return { sent, agent: (m = model()) => defineAgent({ name: 'sender', model: m, tools: [send] }) };
}

describe('store failures mid-run', () => {
  it('PostgreSQL cut mid-run (plain runtime, withStoreRetry): run() resolves failed, and once back the run can be resumed', async () => {
    const { withStoreRetry } = await import('../store/retrying-store.js');
    const { proxy, store } = await proxiedPostgres();
    const tools = sender(() => proxy.cut());
    const retrying = withStoreRetry(store, { maxWaitMs: 200, initialDelayMs: 20 });
    const runtime = createRuntime({ store: retrying });
    const result = await runtime.run(tools.agent(), 'send', { runId: 'run_cut_plain' });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('STORE_UNAVAILABLE');
    expect(result.error?.message).toMatch(/can be resumed once it is reachable/);
    proxy.restore();
    // The message promises the run can be resumed now that the store is back.
    const again = sender(() => {});
    const resumed = await runtime
      .resume(again.agent(new ScriptedModel([{ text: 'checked' }])), 'run_cut_plain')
      .catch((error: unknown) => error);
    expect(resumed).toMatchObject({ status: 'completed' });
    expect(again.sent).toEqual([]);
  });

  it('PostgreSQL cut before the first run: once it is back, the same runtime runs again', async () => {
    const { proxy, store } = await proxiedPostgres();
    const runtime = createRuntime({ store });
    proxy.cut();
    const first = await runtime.run(sender(() => {}).agent(), 'send').catch((error: unknown) => error);
    expect(first).toBeDefined();
    proxy.restore();
    const tools = sender(() => {});
    const second = await runtime.run(tools.agent(), 'send').catch((error: unknown) => error);
    expect(second).toMatchObject({ status: 'completed' });
    expect(tools.sent).toEqual([0]);
  });

  it('SQLite locked by another connection for the rest of the run: run() resolves failed, and the log never says otherwise', async () => {
    const path = dbPath();
    const store = createSqliteStore({ path, busyTimeoutMs: 10 });
    const locker = new Database(path);
    let locked = false;
    const tools = sender(() => {
      locker.prepare('BEGIN IMMEDIATE').run();
      locked = true;
    });
    const runtime = createRuntime({ store });
    const result = await runtime.run(tools.agent(), 'send', { runId: 'run_locked' }).catch((error: unknown) => error);
    expect(locked).toBe(true);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'STORE_BUSY' } });
    locker.prepare('ROLLBACK').run();
    locker.close();
    // run() said how the run ended; the store, once writable again, must not record another ending later.
    // A write the store had queued would commit on the next turns of the event loop (its group commit).
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    const record = await store.getRun('run_locked');
    expect(['running', 'interrupted', 'failed']).toContain(record?.status);
    const log = await store.readEvents('run_locked');
    expectConsistentLog(log);
    const end = log.find((event) => event.type === 'run-end');
    if (end) expect(end).toMatchObject({ status: 'failed' });
  });

  it('SQLite locked briefly during a background write only: nothing buffered is lost, the run completes', async () => {
    const path = dbPath();
    const store = createSqliteStore({ path, busyTimeoutMs: 10 });
    const locker = new Database(path);
    const tools = sender(() => {
      locker.prepare('BEGIN IMMEDIATE').run();
    });
    // The lock is lifted once the model is asked again, after the side effect's result write failed.
    const model = new ScriptedModel([
      { toolCalls: [{ name: 'send', input: { n: 0 } }] },
      () => {
        if (locker.inTransaction) locker.prepare('ROLLBACK').run();
        return { text: 'sent' };
      },
    ]);
    const result = await createRuntime({ store }).run(tools.agent(model), 'send', { runId: 'run_blip' });
    locker.close();
    const log = await store.readEvents('run_blip');
    expectConsistentLog(log);
    expect(log.filter((event) => event.type === 'tool-result')).toHaveLength(1);
    expect(result.status).toBe('completed');
    expect(await store.getRun('run_blip')).toMatchObject({ status: 'completed' });
  });
});

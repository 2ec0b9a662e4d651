import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueuePolicy, SubmitOptions } from './api.js';
import { callLog, flush } from './_test-kit.js';
import { createScheduler } from './create-scheduler.js';
import { FairQueue, type Queued } from './fair-queue.js';
import type { SchedulerSettings } from './settings.js';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

/** Queues `calls` behind one held slot, then lets them through one at a time; returns who ran, in order. */
async function serviceOrder(settings: SchedulerSettings, calls: Array<Partial<SubmitOptions> & { name: string }>) {
  const scheduler = createScheduler({ ...settings, providers: { p: { slots: 1 } } });
  const order: string[] = [];
  let release!: () => void;
  const hold = scheduler.submit(() => new Promise<void>((resolve) => (release = resolve)), { provider: 'p' });
  const all = calls.map(({ name, ...options }) =>
    scheduler.submit(async () => void order.push(name), { provider: 'p', ...options }),
  );
  release();
  await Promise.all([hold, ...all]);
  return order;
}

const many = (count: number, options: Partial<SubmitOptions>, prefix: string) =>
  Array.from({ length: count }, (_, index) => ({ name: `${prefix}${index}`, ...options }));

describe('weighted fair queuing', () => {
  it('serves backlogged tenants in proportion to their weights, over every prefix', async () => {
    const order = await serviceOrder({ tenantWeights: { gold: 3, bronze: 1 } }, [
      ...many(60, { tenant: 'bronze' }, 'b'),
      ...many(60, { tenant: 'gold' }, 'g'),
    ]);
    for (const prefix of [8, 20, 40, 80]) {
      const gold = order.slice(0, prefix).filter((name) => name.startsWith('g')).length;
      expect(Math.abs(gold - prefix * 0.75)).toBeLessThanOrEqual(1);
    }
  });

  it('splits a tenant’s share evenly across its agents, or by agent weight', async () => {
    const order = await serviceOrder({ agentWeights: { heavy: 2 } }, [
      ...many(30, { tenant: 't', agent: 'one' }, 'o'),
      ...many(30, { tenant: 't', agent: 'two' }, 't'),
      ...many(30, { tenant: 't', agent: 'heavy' }, 'h'),
    ]);
    const first = order.slice(0, 40);
    expect(first.filter((name) => name.startsWith('h'))).toHaveLength(20);
    expect(first.filter((name) => name.startsWith('o'))).toHaveLength(10);
  });

  it('neither lets a newcomer catch up on service another tenant got alone, nor bars it: they alternate', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const order: string[] = [];
    const submit = (name: string, tenant: string) =>
      scheduler.submit(async () => void order.push(name), { provider: 'p', tenant });
    await Promise.all(many(50, {}, 'a').map(({ name }) => submit(name, 'a')));
    let release!: () => void;
    const hold = scheduler.submit(() => new Promise<void>((resolve) => (release = resolve)), { provider: 'p' });
    order.length = 0;
    const calls = [
      ...many(10, {}, 'a').map(({ name }) => submit(name, 'a')),
      ...many(10, {}, 'b').map(({ name }) => submit(name, 'b')),
    ];
    release();
    await Promise.all([hold, ...calls]);
    const firstTen = order.slice(0, 10);
    expect(firstTen.filter((name) => name.startsWith('b')).length).toBe(5);
  });

  it('can weigh shares by estimated tokens instead of calls', async () => {
    const order = await serviceOrder({ fairnessCost: 'tokens' }, [
      ...many(20, { tenant: 'big', estimatedTokens: 300 }, 'B'),
      ...many(20, { tenant: 'small', estimatedTokens: 100 }, 's'),
    ]);
    expect(order.slice(0, 8).filter((name) => name.startsWith('s'))).toHaveLength(6);
  });
});

describe('round robin and FIFO', () => {
  const mixed = [...many(3, { tenant: 'a' }, 'a'), ...many(3, { tenant: 'b' }, 'b'), ...many(3, { tenant: 'c' }, 'c')];
  const run = (policy: QueuePolicy) => serviceOrder({ policy, tenantWeights: { a: 5 } }, mixed);

  it('round robin takes one call per tenant in turn and ignores weights', async () => {
    expect(await run('round-robin')).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'b2', 'c2']);
  });

  it('FIFO serves in arrival order across tenants', async () => {
    expect(await run('fifo')).toEqual(mixed.map(({ name }) => name));
  });

  it('round robin keeps the turn of a tenant that submits one call at a time', async () => {
    const scheduler = createScheduler({ policy: 'round-robin', providers: { p: { slots: 1 } } });
    const log = callLog(scheduler);
    log.submit('hold');
    for (const name of ['x0', 'x1', 'x2', 'x3']) log.submit(name, { tenant: 'x' });
    log.submit('y0', { tenant: 'y' });
    await log.finish('hold');
    for (let index = 0; index < 3; index++) {
      await log.finish(`x${index}`);
      await log.finish(`y${index}`); // y is idle for a moment, then asks again: it keeps its place
      log.submit(`y${index + 1}`, { tenant: 'y' });
      await flush();
    }
    expect(log.started).toEqual(['hold', 'x0', 'y0', 'x1', 'y1', 'x2', 'y2', 'x3']);
  });
});

describe('FairQueue state', () => {
  const call = (seq: number, agent: string): Queued => ({ seq, priority: 0, tenant: 't', agent, cost: 1 });

  it('keeps its state proportional to waiting calls, however many agents come and go', () => {
    const queue = new FairQueue<Queued>(
      'weighted-fair',
      () => 1,
      () => 1,
    );
    for (let index = 0; index < 20_000; index++) {
      const waiting = call(index, `run-${index}`);
      queue.add(waiting);
      queue.serve(waiting);
    }
    expect(queue.size).toBe(0);
    expect(queue.heldFlows).toBeLessThan(100);
  });

  it('forgets nothing a removed call leaves behind', () => {
    const queue = new FairQueue<Queued>(
      'round-robin',
      () => 1,
      () => 1,
    );
    const calls = [call(0, 'a'), call(1, 'b'), call(2, 'a')];
    for (const waiting of calls) queue.add(waiting);
    expect(queue.remove(calls[1]!)).toBe(true);
    expect(queue.remove(calls[1]!)).toBe(false);
    expect(queue.heads((waiting) => String(waiting.seq)).map((waiting) => waiting.seq)).toEqual([0, 2]);
    expect(queue.size).toBe(2);
  });
});

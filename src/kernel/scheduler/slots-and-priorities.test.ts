import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callLog, flush } from './_test-kit.js';
import { SCHEDULER_API_VERSION } from './api.js';
import { createScheduler } from './create-scheduler.js';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('slots', () => {
  it('runs everything at once when nothing is limited, and says its interface version', async () => {
    const scheduler = createScheduler();
    expect(scheduler.apiVersion).toBe(SCHEDULER_API_VERSION);
    const log = callLog(scheduler);
    for (const name of ['a', 'b', 'c']) log.submit(name);
    await flush();
    expect(log.started).toEqual(['a', 'b', 'c']);
    expect(scheduler.state('p')).toEqual({ running: 3, queued: 0, pausedUntil: undefined });
  });

  it('holds a provider to its slots and starts the next call when one settles, in either outcome', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 2 } } });
    const log = callLog(scheduler);
    for (const name of ['a', 'b', 'c', 'd']) log.submit(name);
    await flush();
    expect(log.started).toEqual(['a', 'b']);
    expect(scheduler.state('p')).toMatchObject({ running: 2, queued: 2 });
    await log.fail('a', new Error('boom'));
    expect(log.settled.get('a')?.error).toEqual(new Error('boom'));
    expect(log.started).toEqual(['a', 'b', 'c']);
    await log.finish('b');
    expect(log.started).toEqual(['a', 'b', 'c', 'd']);
    expect(log.settled.get('b')).toEqual({ value: 'b' });
  });

  it('limits one model without holding back another model of the same provider', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 3, models: { big: { slots: 1 } } } } });
    const log = callLog(scheduler);
    log.submit('big-1', { model: 'big' });
    log.submit('big-2', { model: 'big' });
    log.submit('small-1', { model: 'small' });
    log.submit('small-2', { model: 'small' });
    await flush();
    expect(log.started).toEqual(['big-1', 'small-1', 'small-2']);
    await log.finish('small-1');
    expect(log.started).toHaveLength(3);
    await log.finish('big-1');
    expect(log.started.at(-1)).toBe('big-2');
  });

  it('applies modelDefaults to every unlisted model and providerDefaults to every unlisted provider', async () => {
    const scheduler = createScheduler({ providerDefaults: { slots: 5, modelDefaults: { slots: 1 } } });
    const log = callLog(scheduler);
    log.submit('x1', { provider: 'q', model: 'x' });
    log.submit('x2', { provider: 'q', model: 'x' });
    log.submit('y1', { provider: 'r', model: 'y' });
    log.submit('y2', { provider: 'r', model: 'y' });
    await flush();
    expect(log.started).toEqual(['x1', 'y1']);
  });

  it('releases the slot of a task that throws before returning a promise', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const thrown = scheduler.submit(
      () => {
        throw new TypeError('sync');
      },
      { provider: 'p' },
    );
    await expect(thrown).rejects.toThrow('sync');
    await expect(scheduler.submit(async () => 'next', { provider: 'p' })).resolves.toBe('next');
  });

  it('lets a task submit from inside itself without deadlocking the queue', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 2 } } });
    const inner = await scheduler.submit(() => scheduler.submit(async () => 'inner', { provider: 'p' }), {
      provider: 'p',
    });
    expect(inner).toBe('inner');
  });

  it('takes provider, model and tenant names as data, even those of Object.prototype', async () => {
    const scheduler = createScheduler({
      providers: { constructor: { slots: 1, models: { toString: { slots: 1 } } } },
      tenantWeights: { __proto__: 2 } as Record<string, number>,
    });
    const log = callLog(scheduler);
    log.submit('a', { provider: 'constructor', model: 'hasOwnProperty', tenant: '__proto__' });
    log.submit('b', { provider: 'constructor', model: 'toString', tenant: 'valueOf' });
    log.submit('c', { provider: 'toString', model: 'toString' });
    log.submit('d', { provider: 'toString', model: 'toString' });
    await flush();
    expect(log.started).toEqual(['a', 'c', 'd']);
    await log.finish('a');
    expect(log.started.at(-1)).toBe('b');
  });

  it('keeps the original run(task, { key, priority, signal }) and its slots settings', async () => {
    const scheduler = createScheduler({ slots: { p: 1 }, defaultSlots: 2 });
    const order: string[] = [];
    let release!: () => void;
    const first = scheduler.run(
      () =>
        new Promise<string>((resolve) => {
          order.push('first');
          release = () => resolve('first');
        }),
      { key: 'p' },
    );
    const low = scheduler.run(async () => void order.push('low'), { key: 'p', priority: 0 });
    const high = scheduler.run(async () => void order.push('high'), { key: 'p', priority: 5 });
    await flush();
    expect(order).toEqual(['first']);
    release();
    await Promise.all([first, low, high]);
    expect(order).toEqual(['first', 'high', 'low']);
    expect(scheduler.state('other').running).toBe(0);
  });
});

describe('priorities', () => {
  it('starts higher priorities first, FIFO within one priority', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const log = callLog(scheduler);
    log.submit('hold');
    log.submit('low-1', { priority: -1 });
    log.submit('mid-1');
    log.submit('high-1', { priority: 2 });
    log.submit('mid-2');
    log.submit('high-2', { priority: 2 });
    await flush();
    for (const name of ['hold', 'high-1', 'high-2', 'mid-1', 'mid-2']) await log.finish(name);
    expect(log.started).toEqual(['hold', 'high-1', 'high-2', 'mid-1', 'mid-2', 'low-1']);
  });

  it('lets a lower priority use a resource the higher one does not need, but never one it waits for', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 2, models: { big: { slots: 1 } } } } });
    const log = callLog(scheduler);
    log.submit('big-1', { model: 'big' });
    log.submit('big-high', { model: 'big', priority: 9 });
    log.submit('small-low', { model: 'small' });
    await flush();
    // big-high waits for the big model's slot only, so small-low may take the provider's free slot …
    expect(log.started).toEqual(['big-1', 'small-low']);
    await log.finish('big-1');
    expect(log.started).toEqual(['big-1', 'small-low', 'big-high']);
  });

  it('gives a freed slot to the highest priority that waits for it, whatever model each wants', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1, models: { big: { slots: 1 } } } } });
    const log = callLog(scheduler);
    log.submit('hold', { model: 'small' });
    log.submit('small-low', { model: 'small' });
    log.submit('big-high', { model: 'big', priority: 1 });
    await flush();
    await log.finish('hold');
    expect(log.started).toEqual(['hold', 'big-high']);
  });
});

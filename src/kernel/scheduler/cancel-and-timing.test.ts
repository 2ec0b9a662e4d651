import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callLog, flush } from './_test-kit.js';
import type { CallTiming } from './api.js';
import { createScheduler } from './create-scheduler.js';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('cancellation while queued', () => {
  it('removes the waiter, rejects with the reason, never runs it, and keeps the others in order', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const log = callLog(scheduler);
    const controller = new AbortController();
    const reason = new Error('user left');
    log.submit('hold');
    log.submit('a');
    const cancelled = log.submit('b', { signal: controller.signal });
    log.submit('c');
    await flush();
    controller.abort(reason);
    await expect(cancelled).rejects.toBe(reason);
    expect(scheduler.state('p')).toMatchObject({ running: 1, queued: 2 });
    await log.finish('hold');
    await log.finish('a');
    expect(log.started).toEqual(['hold', 'a', 'c']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const scheduler = createScheduler();
    const task = vi.fn(async () => 'never');
    const settled: CallTiming[] = [];
    await expect(
      scheduler.submit(task, { provider: 'p', signal: AbortSignal.abort('gone'), onSettled: (t) => settled.push(t) }),
    ).rejects.toBe('gone');
    expect(task).not.toHaveBeenCalled();
    expect(settled.map((timing) => timing.outcome)).toEqual(['cancelled']);
  });

  it('lets a cancelled waiter free what it reserved, so calls behind it start', async () => {
    const scheduler = createScheduler({ providers: { p: { tokensPerMinute: 6000, burstMs: 1000 } } });
    const log = callLog(scheduler);
    const controller = new AbortController();
    log.submit('first', { estimatedTokens: 90 });
    const large = log.submit('large', { estimatedTokens: 100, signal: controller.signal });
    log.submit('small', { estimatedTokens: 5 });
    await flush();
    expect(log.started).toEqual(['first']);
    controller.abort();
    await expect(large).rejects.toMatchObject({ name: 'AbortError' });
    await flush();
    expect(log.started).toEqual(['first', 'small']);
  });

  it('leaves a started call alone when the signal aborts, and stops listening once it started', async () => {
    const scheduler = createScheduler();
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const log = callLog(scheduler);
    const running = log.submit('a', { signal: controller.signal });
    await flush();
    // Whatever it listened to while it could be cancelled, it listens to nothing once started.
    expect(removed.mock.calls.length).toBe(added.mock.calls.length);
    controller.abort();
    await log.finish('a', 'done anyway');
    await expect(running).resolves.toBe('done anyway');
    expect(log.handle('a').signal).toBe(controller.signal);
  });
});

describe('timing', () => {
  it('reports queue time and service time apart, to the call and to the scheduler', async () => {
    const all: CallTiming[] = [];
    const scheduler = createScheduler({ providers: { p: { slots: 1 } }, onSettled: (timing) => all.push(timing) });
    const log = callLog(scheduler);
    const own: CallTiming[] = [];
    log.submit('a', { tenant: 't', agent: 'x', model: 'm', estimatedTokens: 7 });
    log.submit('b', { onSettled: (timing) => own.push(timing) });
    await vi.advanceTimersByTimeAsync(300);
    await log.finish('a');
    expect(log.handle('b').queueMs).toBe(300);
    await vi.advanceTimersByTimeAsync(120);
    log.handle('b').report({ actualTokens: 11 });
    await log.fail('b', new Error('x'));
    expect(all).toEqual([
      {
        provider: 'p',
        model: 'm',
        tenant: 't',
        agent: 'x',
        outcome: 'fulfilled',
        queueMs: 0,
        serviceMs: 300,
        estimatedTokens: 7,
        actualTokens: undefined,
      },
      {
        provider: 'p',
        model: undefined,
        tenant: 'default',
        agent: 'default',
        outcome: 'rejected',
        queueMs: 300,
        serviceMs: 120,
        estimatedTokens: 0,
        actualTokens: 11,
      },
    ]);
    expect(own).toEqual([all[1]]);
  });

  it('survives an onSettled callback that throws', async () => {
    const scheduler = createScheduler({
      providers: { p: { slots: 1 } },
      onSettled: () => {
        throw new Error('metrics down');
      },
    });
    await expect(scheduler.submit(async () => 1, { provider: 'p' })).resolves.toBe(1);
    await expect(scheduler.submit(async () => 2, { provider: 'p' })).resolves.toBe(2);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { callLog, flush } from './_test-kit.js';
import { createScheduler } from './create-scheduler.js';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

const tooMany = (retryAfterMs?: number) =>
  new ProviderError('slow down', { provider: 'p', status: 429, retryable: true, retryAfterMs });

describe('requests per minute', () => {
  it('paces calls by the bucket and wakes exactly when the next one may start', async () => {
    const scheduler = createScheduler({ providers: { p: { requestsPerMinute: 60, burstMs: 2000 } } });
    const log = callLog(scheduler);
    for (const name of ['a', 'b', 'c', 'd']) log.submit(name);
    await flush();
    expect(log.started).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(999);
    expect(log.started).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.started).toEqual(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(1000);
    expect([...log.startedAt.values()]).toEqual([0, 0, 1000, 2000]);
  });

  it('counts a model bucket and its provider bucket separately', async () => {
    const scheduler = createScheduler({
      providers: {
        p: { requestsPerMinute: 600, burstMs: 1000, models: { m: { requestsPerMinute: 60, burstMs: 1000 } } },
      },
    });
    const log = callLog(scheduler);
    for (const name of ['m1', 'm2']) log.submit(name, { model: 'm' });
    for (const name of ['n1', 'n2']) log.submit(name, { model: 'n' });
    await flush();
    expect(log.started).toEqual(['m1', 'n1', 'n2']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.started.at(-1)).toBe('m2');
  });

  it('refuses settings under which no call could ever start, naming the option', () => {
    expect(() => createScheduler({ providers: { p: { requestsPerMinute: 30, burstMs: 1000 } } })).toThrow(
      'Scheduler providers.p.burstMs: holds less than one request at 30 requests per minute, so no call could ever start: raise burstMs to at least 2000.',
    );
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createScheduler({ providers: { p: { slots: bad } } })).toThrow(
        /providers\.p\.slots: must be a positive/,
      );
    }
    expect(() => createScheduler({ providers: { p: { models: { m: { tokensPerMinute: -5 } } } } })).toThrow(
      'Scheduler providers.p.models.m.tokensPerMinute: must be a positive finite number, got -5.',
    );
    expect(() => createScheduler({ tenantWeights: { a: 0 } })).toThrow('tenantWeights.a');
    expect(() => createScheduler({ policy: 'lottery' as never })).toThrow(/policy: must be/);
    expect(() => createScheduler({ maxPauseMs: Number.POSITIVE_INFINITY })).toThrow(/maxPauseMs/);
  });
});

describe('tokens per minute', () => {
  it('charges the estimate to start and corrects by the actual tokens reported', async () => {
    const scheduler = createScheduler({ providers: { p: { tokensPerMinute: 6000, burstMs: 1000 } } }); // 100/s, holds 100
    const log = callLog(scheduler);
    log.submit('a', { estimatedTokens: 40 });
    log.submit('b', { estimatedTokens: 40 });
    log.submit('c', { estimatedTokens: 40 });
    await flush();
    expect(log.started).toEqual(['a', 'b']);
    log.handle('a').report({ actualTokens: 10 }); // 30 back: 50 available
    await flush();
    expect(log.started).toEqual(['a', 'b', 'c']); // 10 left
    log.handle('b').report({ actualTokens: 140 }); // 100 more: 90 in debt
    log.submit('d', { estimatedTokens: 10 });
    await vi.advanceTimersByTimeAsync(999);
    expect(log.started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.started.at(-1)).toBe('d');
  });

  it('lets a later report correct again, counting only the last one', async () => {
    const scheduler = createScheduler({ providers: { p: { tokensPerMinute: 6000, burstMs: 1000 } } });
    const log = callLog(scheduler);
    log.submit('a', { estimatedTokens: 100 });
    await flush();
    log.handle('a').report({ actualTokens: 100 });
    log.handle('a').report({ actualTokens: 50 });
    log.submit('b', { estimatedTokens: 50 });
    await flush();
    expect(log.started).toEqual(['a', 'b']);
    expect(() => log.handle('a').report({ actualTokens: Number.NaN })).toThrow(
      'Scheduler report.actualTokens: actualTokens must be a finite number ≥ 0, got NaN.',
    );
  });

  it('does not let small calls starve a large one waiting for the same bucket', async () => {
    const scheduler = createScheduler({ providers: { p: { tokensPerMinute: 6000, burstMs: 1000 } } });
    const log = callLog(scheduler);
    log.submit('first', { estimatedTokens: 90 });
    log.submit('large', { estimatedTokens: 100 });
    log.submit('small', { estimatedTokens: 5 });
    await flush();
    expect(log.started).toEqual(['first']); // 10 left: small would fit, but large is ahead and reserved the bucket
    await vi.advanceTimersByTimeAsync(900);
    expect(log.started).toEqual(['first', 'large']);
    await vi.advanceTimersByTimeAsync(50);
    expect(log.started).toEqual(['first', 'large', 'small']);
  });

  it('rejects a call larger than the bucket can ever hold, and bad options, without running them', async () => {
    const scheduler = createScheduler({ providers: { p: { tokensPerMinute: 1000 } } });
    const task = vi.fn(async () => 'never');
    await expect(scheduler.submit(task, { provider: 'p', estimatedTokens: 1001 })).rejects.toThrow(
      'Scheduler estimatedTokens: estimatedTokens 1001 is more than p can ever grant at once (1000 tokens): split the request, or raise tokensPerMinute or burstMs.',
    );
    await expect(scheduler.submit(task, { provider: 'p', estimatedTokens: -1 })).rejects.toMatchObject({
      code: 'SCHEDULER_REQUEST_INVALID',
      path: 'estimatedTokens',
    });
    await expect(scheduler.submit(task, { provider: 'p', priority: Number.NaN })).rejects.toThrow(/priority/);
    await expect(scheduler.submit(task, { provider: '' })).rejects.toThrow(/name the provider/);
    expect(task).not.toHaveBeenCalled();
  });
});

describe('429 with retry-after', () => {
  it('pauses the whole provider, queued and new calls alike, and only that provider', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 2 } } });
    const log = callLog(scheduler);
    log.submit('a');
    log.submit('b');
    log.submit('queued');
    log.submit('other', { provider: 'q' });
    await flush();
    await log.fail('a', tooMany(2000));
    expect(scheduler.state('p').pausedUntil).toBe(2000);
    log.submit('new');
    await flush();
    expect(log.started).toEqual(['a', 'b', 'other']);
    await vi.advanceTimersByTimeAsync(1999);
    expect(log.started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.started).toEqual(['a', 'b', 'other', 'queued']);
    await log.finish('b');
    expect(log.started.at(-1)).toBe('new');
    expect(scheduler.state('p').pausedUntil).toBeUndefined();
  });

  it('takes the pause from the handle too, extends but never shortens it, and caps it', async () => {
    const scheduler = createScheduler({ maxPauseMs: 5000 });
    const log = callLog(scheduler);
    log.submit('a');
    await flush();
    log.handle('a').rateLimited(3000);
    log.handle('a').rateLimited(1000);
    expect(scheduler.state('p').pausedUntil).toBe(3000);
    scheduler.pause('p', 86_400_000);
    expect(scheduler.state('p').pausedUntil).toBe(5000);
    scheduler.pause('p', Number.NaN);
    scheduler.pause('p', -10);
    expect(scheduler.state('p').pausedUntil).toBe(5000);
    log.submit('b');
    await vi.advanceTimersByTimeAsync(4999);
    expect(log.started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.started).toEqual(['a', 'b']);
  });

  it('does not pause on a 429 without retry-after, nor on other errors that carry a wait', async () => {
    const scheduler = createScheduler();
    const log = callLog(scheduler);
    log.submit('a');
    log.submit('b');
    await flush();
    await log.fail('a', tooMany());
    await log.fail('b', new ProviderError('busy', { provider: 'p', status: 503, retryable: true, retryAfterMs: 9000 }));
    expect(scheduler.state('p').pausedUntil).toBeUndefined();
  });

  it('frees the slot while a re-submitted retry waits out the pause, and counts that wait as queue time', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const timings: number[][] = [];
    let attempts = 0;
    const call = () =>
      scheduler.submit(
        async () => {
          attempts += 1;
          if (attempts === 1) throw tooMany(1500);
          return 'ok';
        },
        { provider: 'p', onSettled: (timing) => timings.push([timing.queueMs, timing.serviceMs]) },
      );
    const first = call().catch((error: unknown) => error);
    expect(await first).toBeInstanceOf(ProviderError);
    const retry = call();
    expect(scheduler.state('p')).toEqual({ running: 0, queued: 1, pausedUntil: 1500 });
    await vi.advanceTimersByTimeAsync(1500);
    await expect(retry).resolves.toBe('ok');
    expect(timings).toEqual([
      [0, 0],
      [1500, 0],
    ]);
  });
});

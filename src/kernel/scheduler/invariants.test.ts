import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { seededRandom } from '../../core/ids.js';
import { flush } from './_test-kit.js';
import { createScheduler } from './create-scheduler.js';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

interface Tracked {
  provider: 'p' | 'q';
  model: 'm1' | 'm2';
  controller: AbortController;
  state: 'queued' | 'running' | 'done' | 'cancelled';
  finish?: (error?: unknown) => void;
  outcome?: unknown;
}

/**
 * Random interleavings of submits, cancellations, successes, failures, 429s with retry-after and time: at every
 * start the slots, the request bucket and the pause hold; in the end every call that was not cancelled has run,
 * and every cancelled one was rejected with its reason and never ran.
 */
describe('scheduler invariants under random interleavings', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`holds every limit and loses no call (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
      const maxPauseMs = 3000;
      const scheduler = createScheduler({
        providers: {
          p: { slots: 3, requestsPerMinute: 120, burstMs: 1000, models: { m1: { slots: 1 } } },
          q: { slots: 2 },
        },
        policy: pick(['weighted-fair', 'round-robin', 'fifo'] as const),
        tenantWeights: { gold: 3 },
        maxPauseMs,
      });
      const calls: Tracked[] = [];
      const starts: Record<'p' | 'q', number[]> = { p: [], q: [] };
      const pausedUntil = { p: 0, q: 0 };
      const running = (filter: (call: Tracked) => boolean) =>
        calls.filter((call) => call.state === 'running' && filter(call)).length;

      const submit = () => {
        const call: Tracked = {
          provider: pick(['p', 'q'] as const),
          model: pick(['m1', 'm2'] as const),
          controller: new AbortController(),
          state: 'queued',
        };
        calls.push(call);
        scheduler
          .submit(
            () => {
              const now = Date.now();
              expect(call.state).toBe('queued');
              expect(now).toBeGreaterThanOrEqual(pausedUntil[call.provider]);
              call.state = 'running';
              starts[call.provider].push(now);
              expect(running((other) => other.provider === 'p')).toBeLessThanOrEqual(3);
              expect(running((other) => other.provider === 'q')).toBeLessThanOrEqual(2);
              expect(running((other) => other.provider === 'p' && other.model === 'm1')).toBeLessThanOrEqual(1);
              return new Promise((resolve, reject) => {
                call.finish = (error) => (error ? reject(error) : resolve('ok'));
              });
            },
            {
              provider: call.provider,
              model: call.model,
              priority: pick([0, 0, 1]),
              tenant: pick(['gold', 'free', 'free2']),
              agent: pick(['a', 'b']),
              signal: call.controller.signal,
            },
          )
          .then(
            (value) => {
              call.outcome = value;
            },
            (error: unknown) => {
              call.outcome = error;
            },
          );
      };
      // Settles one running call and lets the scheduler see it before anything else happens.
      const finishOne = async () => {
        const candidates = calls.filter((call) => call.state === 'running');
        if (candidates.length === 0) return;
        const call = pick(candidates);
        call.state = 'done';
        const roll = random();
        if (roll < 0.15) {
          const wait = Math.floor(random() * 5000) + 1;
          pausedUntil[call.provider] = Math.max(pausedUntil[call.provider], Date.now() + Math.min(wait, maxPauseMs));
          call.finish!(
            new ProviderError('429', { provider: call.provider, status: 429, retryable: true, retryAfterMs: wait }),
          );
        } else call.finish!(roll < 0.3 ? new Error('failed') : undefined);
        await flush();
      };
      const cancelOne = () => {
        const candidates = calls.filter((call) => call.state === 'queued');
        if (candidates.length === 0) return;
        const call = pick(candidates);
        call.state = 'cancelled';
        call.controller.abort(new Error(`cancelled ${calls.indexOf(call)}`));
      };

      for (let step = 0; step < 300; step++) {
        const roll = random();
        if (roll < 0.4) submit();
        else if (roll < 0.7) await finishOne();
        else if (roll < 0.8) cancelOne();
        else await vi.advanceTimersByTimeAsync(Math.floor(random() * 800));
        await flush();
      }
      for (
        let round = 0;
        round < 400 && calls.some((call) => call.state !== 'done' && call.state !== 'cancelled');
        round++
      ) {
        for (const call of calls) if (call.state === 'running') await finishOne();
        await vi.advanceTimersByTimeAsync(1000);
      }

      expect(calls.filter((call) => call.state === 'queued' || call.state === 'running')).toEqual([]);
      for (const call of calls.filter((call) => call.state === 'cancelled')) {
        expect(call.outcome).toEqual(new Error(`cancelled ${calls.indexOf(call)}`));
      }
      // Bucket of 2 requests refilled at 2 per second: at most 2 + 2·T/1000 starts in any span of T ms.
      const times = starts.p;
      for (let from = 0; from < times.length; from++) {
        for (let to = from; to < times.length; to++) {
          expect(to - from + 1).toBeLessThanOrEqual(2 + (2 * (times[to]! - times[from]!)) / 1000 + 1e-9);
        }
      }
      expect(calls.length).toBeGreaterThan(50);
    });
  }
});

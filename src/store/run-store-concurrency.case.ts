import { beforeEach, describe, expect, it } from 'vitest';
import { RunNotClaimableError } from '../core/errors/lease-errors.js';
import type { RunEvent } from '../core/events.js';
import type { RunLease, RunStore } from './run-store.js';
import type { ConformanceContext } from './run-store-case-kit.js';
import { newRun, stepEvent } from './run-store-case-kit.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Racing writers and claimers, on one connection and on two: part of the conformance suite. */
export function describeConcurrencyConformance(context: ConformanceContext): void {
  let store: RunStore;
  beforeEach(() => {
    store = context.store();
  });

  describe('concurrency', () => {
    it('takes concurrent appends from two callers to different runs', async () => {
      await store.createRun(newRun('r1'));
      await store.createRun(newRun('r2'));
      const writer = async (runId: string) => {
        for (const seq of range(0, 25)) await store.append(runId, [stepEvent(runId, seq)]);
      };
      await Promise.all([writer('r1'), writer('r2')]);
      for (const runId of ['r1', 'r2']) {
        expect(await store.readEvents(runId)).toStrictEqual(range(0, 25).map((seq) => stepEvent(runId, seq)));
      }
    });

    it('lets exactly one of two appends of the same seq win', async () => {
      await store.createRun(newRun('r1'));
      const results = await Promise.allSettled([
        store.append('r1', [stepEvent('r1', 0, 1)]),
        store.append('r1', [stepEvent('r1', 0, 2)]),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [rejected] = results.filter((result) => result.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ code: 'STORE_CONFLICT' });
      const [event] = await store.readEvents('r1');
      expect(results[(event as { step: number }).step - 1]?.status).toBe('fulfilled');
    });

    it('never interleaves racing appenders to one run: every event lands once at its own seq', async () => {
      await store.createRun(newRun('r1'));
      const writer = async (id: number) => {
        let written = 0;
        while (written < 15) {
          const { lastSeq } = (await store.getRun('r1'))!;
          try {
            await store.append('r1', [stepEvent('r1', lastSeq + 1, id * 1000 + written)]);
            written++;
          } catch (error) {
            if ((error as { code?: string }).code !== 'STORE_CONFLICT') throw error;
          }
        }
      };
      await Promise.all([writer(1), writer(2)]);
      const log = (await store.readEvents('r1')) as Array<RunEvent & { step: number }>;
      expect(log.map((event) => event.seq)).toEqual(range(0, 30));
      expect(log.map((event) => event.step).sort((a, b) => a - b)).toEqual([
        ...range(1000, 1015),
        ...range(2000, 2015),
      ]);
    });
  });

  describe('two resumers at once', () => {
    const statuses = ['interrupted' as const];
    it('lets exactly one of two connections claim an interrupted run; the other is told who holds it', async () => {
      const other = await context.connectAgain();
      for (const round of range(0, 8)) {
        const runId = `race-${round}`;
        await store.createRun(newRun(runId, { status: 'interrupted' }));
        const results = await Promise.allSettled([
          store.claim(runId, 'resumer-a', 60_000, { statuses, status: 'running' }),
          other.claim(runId, 'resumer-b', 60_000, { statuses, status: 'running' }),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled') as PromiseFulfilledResult<RunLease>[];
        const lost = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const winner = won[0]!.value.owner;
        expect(lost[0]!.reason).toBeInstanceOf(RunNotClaimableError);
        // The loser saw either the winner's lease or the status the winner set: never a late STORE_CONFLICT.
        expect(lost[0]!.reason).toMatchObject({ code: 'RUN_NOT_RESUMABLE' });
        const reason = lost[0]!.reason as RunNotClaimableError;
        expect(reason.holder === winner || reason.status === 'running').toBe(true);
        expect(await other.getRun(runId)).toMatchObject({ ownerId: winner, status: 'running', lease: { token: 1 } });
      }
    });

    it('fences the slower of two writers that both claimed in turn', async () => {
      const other = await context.connectAgain();
      await store.createRun(newRun('r1'));
      const first = await store.claim('r1', 'worker-a', 1);
      context.clock().advance(1);
      const second = await other.claim('r1', 'worker-b', 60_000);
      const results = await Promise.allSettled([
        store.append('r1', [stepEvent('r1', 0, 1)], { fence: first.token }),
        other.append('r1', [stepEvent('r1', 0, 2)], { fence: second.token }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
      expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'RUN_LEASE_LOST' });
      expect(((await store.readEvents('r1')) as Array<RunEvent & { step: number }>).map((e) => e.step)).toEqual([2]);
    });

    it('stores nothing of an append with create whose events do not fit: no half-created run', async () => {
      await expect(
        store.append('r1', [stepEvent('r1', 1)], { create: newRun('r1'), patch: { status: 'completed' } }),
      ).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await store.getRun('r1')).toBeUndefined();
      await store.append('r1', [stepEvent('r1', 0)], { create: newRun('r1') });
      expect((await store.getRun('r1'))?.lastSeq).toBe(0);
    });
  });
}

import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors/run-errors.js';
import type { RunStatus } from '../core/events.js';
import type { RunStore } from './run-store.js';
import { type ConformanceContext, newRun, range } from './run-store-case-kit.js';

/** updateRun, listRuns and recoverInterrupted: part of the conformance suite every store runs. */
export function describeRunQueryConformance(context: ConformanceContext): void {
  let store: RunStore;
  beforeEach(() => {
    store = context.store();
  });

  describe('updateRun', () => {
    it('sets the fields a patch gives and leaves the others', async () => {
      await store.createRun(newRun('r1', { ownerId: 'host:1:0' }));
      await store.updateRun('r1', {
        status: 'failed',
        output: { answer: ['a', 1, null], text: 'ünïcode 🎉' },
        error: { code: 'TOOL_FAILED', message: 'boom' },
        endedAt: 5000,
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 2 },
        costUsd: 0.0125,
        steps: 3,
        updatedAt: 4000,
      });
      expect(await store.getRun('r1')).toStrictEqual({
        ...newRun('r1', { ownerId: 'host:1:0' }),
        status: 'failed',
        output: { answer: ['a', 1, null], text: 'ünïcode 🎉' },
        error: { code: 'TOOL_FAILED', message: 'boom' },
        endedAt: 5000,
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 2 },
        costUsd: 0.0125,
        steps: 3,
        updatedAt: 4000,
        lastSeq: -1,
      });
    });

    it('stores any JSON output, including null, a string and a number', async () => {
      await store.createRun(newRun('r1'));
      for (const output of [null, 'done', 42, [1, 'two'], false]) {
        await store.updateRun('r1', { output });
        expect((await store.getRun('r1'))?.output).toStrictEqual(output);
      }
    });

    it('treats a field given as undefined as not given', async () => {
      await store.createRun(newRun('r1', { ownerId: 'host:1:0' }));
      await store.updateRun('r1', { output: 'kept', steps: 2 });
      await store.updateRun('r1', { output: undefined, ownerId: undefined, status: 'completed' });
      const run = await store.getRun('r1');
      expect(run).toMatchObject({ output: 'kept', ownerId: 'host:1:0', status: 'completed', steps: 2 });
    });

    it('moves updatedAt forward when the patch does not set it', async () => {
      await store.createRun(newRun('r1', { createdAt: 1000 }));
      await store.updateRun('r1', { steps: 1 });
      expect((await store.getRun('r1'))?.updatedAt).toBeGreaterThanOrEqual(1000);
    });

    it('refuses to update a run that does not exist', async () => {
      await expect(store.updateRun('missing', { status: 'completed' })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('listRuns', () => {
    const seed = async () => {
      const runs: Array<[string, number, RunStatus, string, string?]> = [
        ['a', 1000, 'completed', 'writer'],
        ['b', 2000, 'running', 'writer'],
        ['c', 3000, 'failed', 'reader', 'a'],
        ['d', 4000, 'running', 'reader', 'a'],
        ['e', 5000, 'awaiting_approval', 'writer', 'b'],
      ];
      for (const [id, createdAt, status, agent, parentRunId] of runs) {
        await store.createRun(newRun(id, { createdAt, status, agent, parentRunId }));
      }
    };
    const ids = async (filter?: Parameters<RunStore['listRuns']>[0]) =>
      (await store.listRuns(filter)).map((run) => run.id);

    it('lists newest first', async () => {
      await seed();
      expect(await ids()).toEqual(['e', 'd', 'c', 'b', 'a']);
      expect((await store.listRuns())[0]).toStrictEqual(await store.getRun('e'));
    });

    it('filters by one status or any of several', async () => {
      await seed();
      expect(await ids({ status: 'running' })).toEqual(['d', 'b']);
      expect(await ids({ status: ['completed', 'failed', 'awaiting_approval'] })).toEqual(['e', 'c', 'a']);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ status: 'cancelled' })).toEqual([]);
    });

    it('filters by agent and by parent run, alone or together', async () => {
      await seed();
      expect(await ids({ agent: 'reader' })).toEqual(['d', 'c']);
      expect(await ids({ parentRunId: 'a' })).toEqual(['d', 'c']);
      expect(await ids({ parentRunId: 'b', agent: 'writer' })).toEqual(['e']);
      expect(await ids({ parentRunId: 'a', status: 'running', agent: 'reader' })).toEqual(['d']);
      expect(await ids({ agent: 'nobody' })).toEqual([]);
    });

    it('returns at most limit runs, 50 by default', async () => {
      await seed();
      expect(await ids({ limit: 2 })).toEqual(['e', 'd']);
      expect(await ids({ limit: 0 })).toEqual([]);
      for (const i of range(0, 50))
        await store.createRun(newRun(`z${String(i).padStart(2, '0')}`, { createdAt: 9000 }));
      expect(await ids()).toHaveLength(50);
    });

    it('orders runs created at the same time by id, highest first', async () => {
      for (const id of ['m', 'z', 'a']) await store.createRun(newRun(id, { createdAt: 7000 }));
      expect(await ids()).toEqual(['z', 'm', 'a']);
    });
  });

  describe('recoverInterrupted', () => {
    it('marks only running runs whose owner is gone as interrupted', async () => {
      const runs: Array<[string, RunStatus, string | undefined]> = [
        ['alive', 'running', 'host:1:0'],
        ['dead', 'running', 'host:2:0'],
        ['ownerless', 'running', undefined],
        ['done', 'completed', 'host:2:0'],
        ['waiting', 'awaiting_approval', 'host:2:0'],
      ];
      for (const [id, status, ownerId] of runs) await store.createRun(newRun(id, { status, ownerId }));
      const asked: Array<string | undefined> = [];
      const isOwnerAlive = (ownerId: string | undefined) => {
        asked.push(ownerId);
        return ownerId === 'host:1:0';
      };
      expect((await store.recoverInterrupted(isOwnerAlive)).sort()).toEqual(['dead', 'ownerless']);
      expect(asked.sort()).toEqual(['host:1:0', 'host:2:0', undefined]);
      const statuses = Object.fromEntries(
        await Promise.all(runs.map(async ([id]) => [id, (await store.getRun(id))?.status])),
      );
      expect(statuses).toEqual({
        alive: 'running',
        dead: 'interrupted',
        ownerless: 'interrupted',
        done: 'completed',
        waiting: 'awaiting_approval',
      });
      expect(await store.recoverInterrupted(() => false)).toEqual(['alive']);
      expect(await store.recoverInterrupted(() => false)).toEqual([]);
    });
  });
}

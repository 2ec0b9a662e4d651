import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors/run-errors.js';
import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent, RunStatus } from '../core/events.js';
import { type Clock, createManualClock } from '../core/clock.js';
import { describeConcurrencyConformance } from './run-store-concurrency.case.js';
import { describeLeaseConformance } from './run-store-leases.case.js';
import type { NewRun, RunStore } from './run-store.js';

/** A run with the given id and fields, created at `createdAt` 1000 unless said. */
export function newRun(id: string, fields: Partial<NewRun> = {}): NewRun {
  return { id, agent: 'assistant', model: 'scripted:test', input: `input of ${id}`, createdAt: 1000, ...fields };
}

/** A small stored event of `runId` at `seq`. */
export function stepEvent(runId: string, seq: number, step = seq): RunEvent {
  return { type: 'step-start', runId, seq, time: 2000 + seq, step };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Expects a promise to reject with `StoreError` code `STORE_CONFLICT`. */
export async function expectConflict(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'STORE_CONFLICT' });
}

/** What a store under test is opened with. */
export interface StoreFactoryOptions {
  /** The store's clock: lease times and `updatedAt`. */
  clock: Clock;
}

/** How the conformance suite opens stores of one kind. */
export interface StoreFactory {
  /** A new, empty store (closed after each test). */
  open(options: StoreFactoryOptions): Promise<RunStore>;
  /**
   * Another connection to the same data as `store`, with its own pool or handle, for real concurrency.
   * @default `store` itself
   */
  connectAgain?(store: RunStore, options: StoreFactoryOptions): Promise<RunStore>;
}

/** The current test's store, clock and second connection, for the suite's parts in other files. */
export interface ConformanceContext {
  store(): RunStore;
  clock(): ReturnType<typeof createManualClock>;
  connectAgain(): Promise<RunStore>;
}

/**
 * The behaviour every `RunStore` must have. Call it inside a test file; `factory.open` must return a new,
 * empty store each time (it is closed after each test).
 * @example describeRunStoreConformance('sqlite', { open: async ({ clock }) => createSqliteStore({ path: ':memory:', clock }) });
 */
export function describeRunStoreConformance(name: string, factory: StoreFactory): void {
  describe(`RunStore conformance: ${name}`, () => {
    let store: RunStore;
    let clock: ReturnType<typeof createManualClock>;
    const others: RunStore[] = [];
    beforeEach(async () => {
      clock = createManualClock(1_000_000);
      store = await factory.open({ clock });
    });
    afterEach(async () => {
      for (const other of others.splice(0)) if (other !== store) await other.close();
      await store.close();
    });
    const context: ConformanceContext = {
      store: () => store,
      clock: () => clock,
      async connectAgain() {
        const other = factory.connectAgain ? await factory.connectAgain(store, { clock }) : store;
        others.push(other);
        return other;
      },
    };

    describe('append with create and patch', () => {
      it('creates the run, appends its events and patches its summary in one call', async () => {
        await store.append('r1', [stepEvent('r1', 0), stepEvent('r1', 1)], {
          create: newRun('r1'),
          patch: { status: 'completed', steps: 2, endedAt: 3000 },
        });
        expect(await store.getRun('r1')).toMatchObject({ status: 'completed', steps: 2, endedAt: 3000, lastSeq: 1 });
        expect((await store.readEvents('r1')).map((event) => event.seq)).toEqual([0, 1]);
      });

      it('patches with no events, and refuses to create a run twice', async () => {
        await store.createRun(newRun('r1'));
        await store.append('r1', [], { patch: { status: 'failed' } });
        expect((await store.getRun('r1'))?.status).toBe('failed');
        await expect(store.append('r1', [stepEvent('r1', 0)], { create: newRun('r1') })).rejects.toBeInstanceOf(
          StoreError,
        );
      });
    });

    describe('runs', () => {
      it('creates a run with the defaults filled in and gets it back', async () => {
        await store.createRun(newRun('r1', { parentRunId: 'p1', principal: 'alice', ownerId: 'host:1:0' }));
        expect(await store.getRun('r1')).toStrictEqual({
          id: 'r1',
          agent: 'assistant',
          model: 'scripted:test',
          status: 'running',
          parentRunId: 'p1',
          principal: 'alice',
          input: 'input of r1',
          createdAt: 1000,
          updatedAt: 1000,
          usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
          costUsd: 0,
          steps: 0,
          ownerId: 'host:1:0',
          lastSeq: -1,
        });
      });

      it('keeps a status given at creation and leaves optional fields absent', async () => {
        await store.createRun(newRun('r1', { status: 'awaiting_approval' }));
        const run = await store.getRun('r1');
        expect(run?.status).toBe('awaiting_approval');
        for (const field of ['parentRunId', 'principal', 'ownerId', 'output', 'error', 'endedAt']) {
          expect(run).not.toHaveProperty(field);
        }
      });

      it('returns undefined for a run that does not exist', async () => {
        expect(await store.getRun('missing')).toBeUndefined();
      });

      it('refuses a second run with the same id and keeps the first', async () => {
        await store.createRun(newRun('r1', { agent: 'first' }));
        await expectConflict(store.createRun(newRun('r1', { agent: 'second' })));
        expect((await store.getRun('r1'))?.agent).toBe('first');
      });
    });

    describe('append and readEvents', () => {
      it('reads back appended events in order and moves lastSeq', async () => {
        await store.createRun(newRun('r1'));
        await store.append('r1', [stepEvent('r1', 0), stepEvent('r1', 1)]);
        await store.append('r1', [stepEvent('r1', 2)]);
        expect(await store.readEvents('r1')).toStrictEqual(range(0, 3).map((seq) => stepEvent('r1', seq)));
        expect((await store.getRun('r1'))?.lastSeq).toBe(2);
      });

      it('reads only events after afterSeq, at most limit of them', async () => {
        await store.createRun(newRun('r1'));
        await store.append(
          'r1',
          range(0, 10).map((seq) => stepEvent('r1', seq)),
        );
        const seqs = async (options: { afterSeq?: number; limit?: number }) =>
          (await store.readEvents('r1', options)).map((event) => event.seq);
        expect(await seqs({ afterSeq: 6 })).toEqual([7, 8, 9]);
        expect(await seqs({ limit: 3 })).toEqual([0, 1, 2]);
        expect(await seqs({ afterSeq: 2, limit: 2 })).toEqual([3, 4]);
        expect(await seqs({ afterSeq: 9 })).toEqual([]);
        expect(await seqs({ limit: 0 })).toEqual([]);
      });

      it('reads no events for a run that does not exist', async () => {
        expect(await store.readEvents('missing')).toEqual([]);
      });

      it('accepts an empty batch without changing the log', async () => {
        await store.createRun(newRun('r1'));
        await store.append('r1', []);
        expect((await store.getRun('r1'))?.lastSeq).toBe(-1);
      });

      it.each([
        ['a gap at the start', [], [1]],
        ['a gap later on', [0, 1], [3]],
        ['a duplicate seq', [0, 1], [1]],
        ['a seq from the past', [0, 1, 2], [0]],
        ['a gap inside the batch', [0], [1, 2, 4]],
        ['out-of-order seqs inside the batch', [], [0, 2, 1]],
        ['a repeated seq inside the batch', [], [0, 1, 1]],
      ])('refuses %s and writes nothing of the batch', async (_, before: number[], batch: number[]) => {
        await store.createRun(newRun('r1'));
        if (before.length > 0)
          await store.append(
            'r1',
            before.map((seq) => stepEvent('r1', seq)),
          );
        await expectConflict(
          store.append(
            'r1',
            batch.map((seq) => stepEvent('r1', seq, 100 + seq)),
          ),
        );
        expect(await store.readEvents('r1')).toStrictEqual(before.map((seq) => stepEvent('r1', seq)));
        expect((await store.getRun('r1'))?.lastSeq).toBe(before.length - 1);
      });

      it('refuses to append to a run that does not exist', async () => {
        await expect(store.append('missing', [stepEvent('missing', 0)])).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.append('missing', [])).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.readEvents('missing')).toEqual([]);
      });

      it('round-trips events exactly: nested JSON, unicode, control characters, large payloads', async () => {
        const text = 'héllo wörld — 你好 — مرحبا — 👩‍👩‍👧 — e\u0301 — "quotes" \\back\\slash\n\ttab \u0000 nul \u2028';
        const events: RunEvent[] = [
          {
            type: 'run-start',
            runId: 'r1',
            seq: 0,
            time: 1_712_345_678_901.5,
            agent: 'assistant',
            input: [{ role: 'user', content: text }],
            model: 'scripted:test',
            strategy: 'react',
            tools: [],
            simulated: true,
          },
          {
            type: 'tool-call',
            runId: 'r1',
            seq: 1,
            time: 3,
            syscallId: 'r1:1',
            toolCallId: 'call_1',
            toolName: 'write',
            source: 'local',
            input: {
              nested: { deeper: { deepest: [1, -2.5, 1e-7, 6.02e23, Number.MAX_SAFE_INTEGER, 0, true, false, null] } },
              empty: { object: {}, array: [], string: '' },
              text,
              lone: 'half a pair: \ud83d and \udc4d',
              $keys: { 'with.dot': 1, 'with space': 2, '': 3, '👍': 4 },
            },
          },
          {
            type: 'tool-result',
            runId: 'r1',
            seq: 2,
            time: 4,
            syscallId: 'r1:1',
            toolCallId: 'call_1',
            toolName: 'write',
            durationMs: 12.25,
            output: { big: 'x'.repeat(1_000_000), rows: range(0, 20_000).map((i) => ({ i, name: `row ${i}` })) },
            labels: ['untrusted'],
          },
        ];
        await store.createRun(newRun('r1'));
        await store.append('r1', events);
        expect(await store.readEvents('r1')).toStrictEqual(events);
      });

      it('hands out copies: changing a returned event or record changes nothing stored', async () => {
        await store.createRun(newRun('r1'));
        await store.append('r1', [stepEvent('r1', 0)]);
        const [event] = await store.readEvents('r1');
        (event as { step: number }).step = 99;
        const run = await store.getRun('r1');
        run!.usage.inputTokens = 99;
        expect(await store.readEvents('r1')).toStrictEqual([stepEvent('r1', 0)]);
        expect((await store.getRun('r1'))?.usage.inputTokens).toBe(0);
      });
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

    describeLeaseConformance(context);
    describeConcurrencyConformance(context);

    it('closes more than once without error', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../core/clock.js';
import { NotFoundError } from '../core/errors/run-errors.js';
import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';
import { describeConcurrencyConformance } from './run-store-concurrency.case.js';
import { describeLeaseConformance } from './run-store-leases.case.js';
import { describeRunQueryConformance } from './run-store-queries.case.js';
import {
  type ConformanceContext,
  expectConflict,
  newRun,
  range,
  type StoreFactory,
  stepEvent,
} from './run-store-case-kit.js';
import type { RunStore } from './run-store.js';

/**
 * The behaviour every `RunStore` must have. Call it inside a test file; `factory.open` must return a new,
 * empty store each time (it is closed after each test).
 * @example describeRunStoreConformance('sqlite', { open: async ({ clock }) => createSqliteStore({ path: ':memory:', clock }) });
 */
export type { ConformanceContext, StoreFactory, StoreFactoryOptions } from './run-store-case-kit.js';

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

    describeRunQueryConformance(context);
    describeLeaseConformance(context);
    describeConcurrencyConformance(context);

    it('closes more than once without error', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

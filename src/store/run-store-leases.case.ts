import { beforeEach, describe, expect, it } from 'vitest';
import type { createManualClock } from '../core/clock.js';
import { LeaseLostError, RunNotClaimableError } from '../core/errors/lease-errors.js';
import { NotFoundError } from '../core/errors/run-errors.js';
import type { RunStatus } from '../core/events.js';
import type { RunStore } from './run-store.js';
import type { ConformanceContext } from './run-store-case-kit.js';
import { newRun, stepEvent } from './run-store-case-kit.js';

/** Rejection reason of a promise that must reject. */
async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

/** Claims, leases, fencing and tenants: part of the conformance suite every store runs. */
export function describeLeaseConformance(context: ConformanceContext): void {
  let store: RunStore;
  let clock: ReturnType<typeof createManualClock>;
  beforeEach(() => {
    store = context.store();
    clock = context.clock();
  });

  describe('claims and leases', () => {
    it('claims a free run: token 1, the owner recorded, the lease until now + ttl', async () => {
      await store.createRun(newRun('r1', { status: 'interrupted' }));
      const lease = await store.claim('r1', 'worker-a', 5000);
      expect(lease).toEqual({ owner: 'worker-a', token: 1, expiresAt: clock.now() + 5000 });
      expect(await store.getRun('r1')).toMatchObject({ ownerId: 'worker-a', lease, status: 'interrupted' });
    });

    it('refuses a second owner while the lease holds, naming the holder, and changes nothing', async () => {
      await store.createRun(newRun('r1'));
      const lease = await store.claim('r1', 'worker-a', 5000);
      clock.advance(4999);
      const error = await reasonOf(store.claim('r1', 'worker-b', 5000));
      expect(error).toBeInstanceOf(RunNotClaimableError);
      expect(error).toMatchObject({ code: 'RUN_NOT_RESUMABLE', holder: 'worker-a', expiresAt: lease.expiresAt });
      expect((error as Error).message).toContain('held by worker-a');
      expect((await store.getRun('r1'))?.lease).toEqual(lease);
    });

    it('gives an expired lease to another owner with a higher token, and fences the old holder out', async () => {
      await store.createRun(newRun('r1'));
      const first = await store.claim('r1', 'worker-a', 1000);
      await store.append('r1', [stepEvent('r1', 0)], { fence: first.token });
      clock.advance(1000);
      const second = await store.claim('r1', 'worker-b', 1000);
      expect(second.token).toBeGreaterThan(first.token);
      const refused = await reasonOf(
        store.append('r1', [stepEvent('r1', 1)], { fence: first.token, patch: { steps: 9 } }),
      );
      expect(refused).toBeInstanceOf(LeaseLostError);
      expect(refused).toMatchObject({ code: 'RUN_LEASE_LOST', holder: 'worker-b', currentToken: second.token });
      await expect(store.renew('r1', first.token, 1000)).rejects.toBeInstanceOf(LeaseLostError);
      await store.release('r1', first.token);
      const run = await store.getRun('r1');
      expect(run).toMatchObject({ lastSeq: 0, steps: 0, lease: second, ownerId: 'worker-b' });
      await store.append('r1', [stepEvent('r1', 1)], { fence: second.token });
      expect((await store.readEvents('r1')).map((event) => event.seq)).toEqual([0, 1]);
    });

    it("fences a child run's writes by its root's claim: a writer that lost the root cannot write the child", async () => {
      await store.createRun(newRun('root'));
      const a = await store.claim('root', 'worker-a', 1000);
      const child = 'root.child-1';
      await store.append(child, [stepEvent(child, 0)], {
        create: newRun(child, { parentRunId: 'root' }),
        fence: a.token,
        fencedBy: 'root',
      });
      await store.append(child, [stepEvent(child, 1), stepEvent(child, 2)], { fence: a.token, fencedBy: 'root' });
      clock.advance(1000);
      const b = await store.claim('root', 'worker-b', 1000);
      for (const events of [[stepEvent(child, 3)], [stepEvent(child, 3), stepEvent(child, 4)], []]) {
        const refused = await reasonOf(
          store.append(child, events, { fence: a.token, fencedBy: 'root', patch: { steps: 7 } }),
        );
        expect(refused).toBeInstanceOf(LeaseLostError);
        expect(refused).toMatchObject({
          code: 'RUN_LEASE_LOST',
          runId: 'root',
          holder: 'worker-b',
          currentToken: b.token,
        });
      }
      // Nor can it start another child under the root it lost.
      const late = 'root.child-2';
      await expect(
        store.append(late, [stepEvent(late, 0)], {
          create: newRun(late, { parentRunId: 'root' }),
          fence: a.token,
          fencedBy: 'root',
        }),
      ).rejects.toMatchObject({ code: 'RUN_LEASE_LOST' });
      expect(await store.getRun(late)).toBeUndefined();
      expect(await store.getRun(child)).toMatchObject({ lastSeq: 2, steps: 0 });
      await store.append(child, [stepEvent(child, 3)], { fence: b.token, fencedBy: 'root' });
      expect((await store.readEvents(child)).map((event) => event.seq)).toEqual([0, 1, 2, 3]);
    });

    it('refuses a stale token on an append with no events too', async () => {
      await store.createRun(newRun('r1'));
      const first = await store.claim('r1', 'worker-a', 1000);
      await store.claim('r1', 'worker-a', 1000);
      await expect(store.append('r1', [], { fence: first.token })).rejects.toMatchObject({ code: 'RUN_LEASE_LOST' });
    });

    it('lets the holder claim again (a new token) and renew (the same token, a later expiry)', async () => {
      await store.createRun(newRun('r1'));
      const first = await store.claim('r1', 'worker-a', 1000);
      const again = await store.claim('r1', 'worker-a', 1000);
      expect(again.token).toBe(first.token + 1);
      clock.advance(900);
      const renewed = await store.renew('r1', again.token, 1000);
      expect(renewed).toEqual({ owner: 'worker-a', token: again.token, expiresAt: clock.now() + 1000 });
      clock.advance(900);
      await expect(store.claim('r1', 'worker-b', 1000)).rejects.toMatchObject({ code: 'RUN_NOT_RESUMABLE' });
      expect((await store.getRun('r1'))?.lease).toEqual(renewed);
    });

    it('renews a lease that expired while nobody else claimed the run', async () => {
      await store.createRun(newRun('r1'));
      const lease = await store.claim('r1', 'worker-a', 1000);
      clock.advance(5000);
      expect((await store.renew('r1', lease.token, 1000)).expiresAt).toBe(clock.now() + 1000);
    });

    it('releases: the lease is gone, another owner claims at once, a stale release changes nothing', async () => {
      await store.createRun(newRun('r1'));
      const first = await store.claim('r1', 'worker-a', 60_000);
      await store.release('r1', first.token);
      expect(await store.getRun('r1')).not.toHaveProperty('lease');
      await expect(store.renew('r1', first.token, 1000)).rejects.toBeInstanceOf(LeaseLostError);
      const second = await store.claim('r1', 'worker-b', 60_000);
      await store.release('r1', first.token);
      expect((await store.getRun('r1'))?.lease).toEqual(second);
    });

    it('claims only in the given statuses (an expired lease excepted) and sets a status with the claim', async () => {
      const runs: Array<[string, RunStatus]> = [
        ['done', 'completed'],
        ['stopped', 'interrupted'],
        ['orphan', 'running'],
      ];
      for (const [id, status] of runs) await store.createRun(newRun(id, { status }));
      const statuses: RunStatus[] = ['interrupted', 'awaiting_approval'];
      const error = await reasonOf(store.claim('done', 'worker-a', 1000, { statuses }));
      expect(error).toMatchObject({ code: 'RUN_NOT_RESUMABLE', status: 'completed' });
      expect((error as Error).message).toContain('is completed');
      await store.claim('stopped', 'worker-a', 1000, { statuses, status: 'running' });
      expect((await store.getRun('stopped'))?.status).toBe('running');
      await expect(store.claim('orphan', 'worker-a', 1000, { statuses })).rejects.toMatchObject({
        status: 'running',
      });
      const dead = await store.claim('stopped', 'worker-a', 1000);
      clock.advance(1000);
      const taken = await store.claim('stopped', 'worker-b', 1000, { statuses });
      expect(taken.token).toBe(dead.token + 1);
    });

    it('creates a run already claimed (token 1), in the same write as its first events', async () => {
      const create = newRun('r1', { lease: { owner: 'worker-a', ttlMs: 3000 } });
      await store.append('r1', [stepEvent('r1', 0)], { create, fence: 1 });
      expect(await store.getRun('r1')).toMatchObject({
        ownerId: 'worker-a',
        lease: { owner: 'worker-a', token: 1, expiresAt: clock.now() + 3000 },
        lastSeq: 0,
      });
      await expect(store.claim('r1', 'worker-b', 1000)).rejects.toMatchObject({ holder: 'worker-a' });
      await expect(store.append('r1', [stepEvent('r1', 1)], { fence: 2 })).rejects.toMatchObject({
        code: 'RUN_LEASE_LOST',
      });
    });

    it('still takes unfenced writes to a claimed run (an approval answered from the CLI)', async () => {
      await store.createRun(newRun('r1'));
      await store.claim('r1', 'worker-a', 1000);
      await store.append('r1', [stepEvent('r1', 0)], { patch: { steps: 1 } });
      expect(await store.getRun('r1')).toMatchObject({ lastSeq: 0, steps: 1 });
    });

    it('refuses to claim, renew or release a run that does not exist', async () => {
      await expect(store.claim('missing', 'worker-a', 1000)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.renew('missing', 1, 1000)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.release('missing', 1)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('tenants and principals', () => {
    it('stores the whole principal and the tenant, and filters runs by tenant', async () => {
      const actsFor = {
        id: 'alice',
        roles: ['admin', 'payer'],
        tenant: 'acme',
        attributes: { region: 'eu', level: 3 },
      };
      await store.createRun(newRun('a', { createdAt: 1000, tenant: 'acme', principal: 'alice', actsFor }));
      await store.createRun(newRun('b', { createdAt: 2000, tenant: 'globex', status: 'completed' }));
      await store.createRun(newRun('c', { createdAt: 3000, tenant: 'acme', status: 'completed' }));
      await store.createRun(newRun('d', { createdAt: 4000 }));
      expect(await store.getRun('a')).toMatchObject({ tenant: 'acme', principal: 'alice', actsFor });
      expect(await store.getRun('d')).not.toHaveProperty('tenant');
      expect(await store.getRun('d')).not.toHaveProperty('actsFor');
      const ids = async (filter: Parameters<RunStore['listRuns']>[0]) =>
        (await store.listRuns(filter)).map((run) => run.id);
      expect(await ids({ tenant: 'acme' })).toEqual(['c', 'a']);
      expect(await ids({ tenant: 'acme', status: 'completed' })).toEqual(['c']);
      expect(await ids({ tenant: 'initech' })).toEqual([]);
      expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { createManualClock } from '../core/clock.js';
import { LeaseLostError } from '../core/errors/lease-errors.js';
import { StoreError } from '../core/errors/store-error.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { newRun } from '../store/run-store-case-kit.js';
import { LeaseKeeper } from './run-lease.js';

describe('LeaseKeeper', () => {
  it('renews on every beat, so another owner cannot claim while it beats', async () => {
    const clock = createManualClock(0);
    const store = new MemoryRunStore({ clock });
    await store.createRun(newRun('r1', { status: 'interrupted' }));
    const keeper = await LeaseKeeper.claim(store, 'r1', { owner: 'a', ttlMs: 1000 }, { statuses: ['interrupted'] });
    for (let i = 0; i < 5; i++) {
      clock.advance(900);
      await keeper.beat();
      await expect(store.claim('r1', 'b', 1000)).rejects.toMatchObject({ code: 'RUN_NOT_RESUMABLE', holder: 'a' });
    }
    expect(keeper.signal.aborted).toBe(false);
    await keeper.release();
    expect(await store.getRun('r1')).not.toHaveProperty('lease');
  });

  it('aborts its signal with LeaseLostError once another owner took the run, and stops beating', async () => {
    const clock = createManualClock(0);
    const store = new MemoryRunStore({ clock });
    await store.createRun(newRun('r1'));
    const keeper = await LeaseKeeper.claim(store, 'r1', { owner: 'a', ttlMs: 1000 }, {});
    clock.advance(1000);
    const taken = await store.claim('r1', 'b', 1000);
    await keeper.beat();
    expect(keeper.signal.aborted).toBe(true);
    expect(keeper.signal.reason).toBeInstanceOf(LeaseLostError);
    await keeper.release();
    expect((await store.getRun('r1'))?.lease).toEqual(taken);
  });

  it('counts beats the store could not answer and keeps the lease (the store is only away)', async () => {
    const store = new MemoryRunStore();
    await store.createRun(newRun('r1'));
    const keeper = await LeaseKeeper.claim(store, 'r1', { owner: 'a', ttlMs: 1000 }, {});
    const renew = store.renew.bind(store);
    store.renew = async () => {
      throw new StoreError('PostgreSQL is away', undefined, 'STORE_UNAVAILABLE');
    };
    await keeper.beat();
    await keeper.beat();
    expect(keeper.failedBeats).toBe(2);
    expect(keeper.signal.aborted).toBe(false);
    store.renew = renew;
    await keeper.beat();
    expect(keeper.failedBeats).toBe(2);
    await keeper.release();
  });
});

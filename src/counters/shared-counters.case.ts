import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CountersInputError } from '../core/errors/counters-errors.js';
import type { SharedCounters } from './shared-counters.js';

/** How the conformance suite opens counters of one kind. */
export interface CountersFactory {
  /** Counters on the shared backend; several opened in one test share it (like separate processes would). */
  open(): Promise<SharedCounters>;
}

const hour = 3_600_000;
const t0 = 1_800_000_000_000;

/** The promises every `SharedCounters` keeps, run against one implementation. */
export function describeSharedCountersConformance(name: string, factory: CountersFactory): void {
  describe(`${name} shared counters (conformance)`, () => {
    let counters: SharedCounters;
    let opened: SharedCounters[];
    /** A key unique to this test: tests share the backend. */
    let key: (name: string) => string;

    beforeEach(async () => {
      const namespace = randomBytes(4).toString('hex');
      key = (name) => `t${namespace}:${name}`;
      counters = await factory.open();
      opened = [counters];
    });
    afterEach(async () => {
      for (const each of opened) await each.close();
    });

    it('counts nothing for keys never reserved, and names its seam version', async () => {
      expect(counters.version).toBe(1);
      expect(await counters.read([{ key: key('a') }, { key: key('b'), windowMs: hour }], t0)).toEqual([0, 0]);
      expect(await counters.read([], t0)).toEqual([]);
    });

    it('reserves one on every key and refuses, counting nothing, once a key is at its max', async () => {
      const limit = { key: key('mail'), max: 2, windowMs: hour };
      expect(await counters.reserve([limit], t0)).toEqual({ ok: true, counts: [1] });
      expect(await counters.reserve([limit], t0 + 1)).toEqual({ ok: true, counts: [2] });
      expect(await counters.reserve([limit], t0 + 2)).toEqual({ ok: false, counts: [2], full: [limit.key] });
      expect(await counters.read([limit], t0 + 3)).toEqual([2]);
    });

    it('is all or nothing across keys: one full key leaves the others uncounted', async () => {
      const principal = { key: key('principal:alice'), max: 5 };
      const tenant = { key: key('tenant:acme'), max: 1 };
      expect((await counters.reserve([principal, tenant], t0)).ok).toBe(true);
      const refused = await counters.reserve([principal, tenant], t0 + 1);
      expect(refused).toEqual({ ok: false, counts: [1, 1], full: [tenant.key] });
      expect(await counters.read([principal, tenant], t0 + 2)).toEqual([1, 1]);
    });

    it('counts a key without a max unconditionally, beside keys with one', async () => {
      const unbounded = { key: key('seen') };
      for (let i = 0; i < 3; i++) await counters.reserve([unbounded], t0 + i);
      expect(await counters.read([unbounded], t0 + 10)).toEqual([3]);
      expect(await counters.reserve([unbounded, { key: key('capped'), max: 0 }], t0 + 11)).toMatchObject({ ok: false });
      expect(await counters.read([unbounded], t0 + 12)).toEqual([3]);
    });

    it('windows slide: a count leaves the window windowMs after it was taken, and frees a reserve', async () => {
      const limit = { key: key('hourly'), max: 2, windowMs: hour };
      await counters.reserve([limit], t0);
      await counters.reserve([limit], t0 + 10 * 60_000);
      expect((await counters.reserve([limit], t0 + hour - 1)).ok).toBe(false);
      expect(await counters.read([limit], t0 + hour - 1)).toEqual([2]);
      expect(await counters.read([limit], t0 + hour)).toEqual([1]);
      expect(await counters.reserve([limit], t0 + hour)).toEqual({ ok: true, counts: [2] });
      expect(await counters.read([limit], t0 + 2 * hour + 10 * 60_000)).toEqual([0]);
    });

    it('a key without a window counts forever', async () => {
      const limit = { key: key('ever'), max: 1 };
      await counters.reserve([limit], t0);
      expect((await counters.reserve([limit], t0 + 365 * 24 * hour)).ok).toBe(false);
    });

    it('never passes max under many concurrent reserves from several clients of the backend', async () => {
      const others = [await factory.open(), await factory.open()];
      opened.push(...others);
      const clients = [counters, ...others];
      const limit = { key: key('race'), max: 7, windowMs: hour };
      const extra = { key: key('race-total') };
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => clients[i % clients.length]!.reserve([limit, extra], t0 + (i % 5))),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(7);
      expect(await counters.read([limit, extra], t0 + 10)).toEqual([7, 7]);
      const counted = results.flatMap((result) => (result.ok ? [result.counts[0]] : [])).sort();
      expect(counted).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('keeps keys apart, even ones that share a prefix or differ in case', async () => {
      const names = [
        'limit:p:r:principal:alice',
        'limit:p:r:tenant:alice',
        'limit:p:r:principal:alice:x',
        'limit:p:r:principal:Alice',
      ];
      await counters.reserve([{ key: key(names[0]!), max: 1 }], t0);
      for (const other of names.slice(1)) {
        expect((await counters.reserve([{ key: key(other), max: 1 }], t0)).ok).toBe(true);
      }
      expect(
        await counters.read(
          names.map((name) => ({ key: key(name) })),
          t0,
        ),
      ).toEqual([1, 1, 1, 1]);
    });

    it('refuses bad input with a typed error and counts nothing', async () => {
      const bad = [
        [{ key: '' }],
        [{ key: key('x') }, { key: key('x') }],
        [{ key: key('x'), max: -1 }],
        [{ key: key('x'), max: 1.5 }],
        [{ key: key('x'), windowMs: 0 }],
        [{ key: key('x'), windowMs: Number.NaN }],
      ];
      for (const limits of bad) {
        await expect(counters.reserve(limits, t0)).rejects.toBeInstanceOf(CountersInputError);
      }
      await expect(counters.read([{ key: key('x') }], Number.NaN)).rejects.toMatchObject({
        code: 'COUNTERS_INPUT_INVALID',
      });
      expect(await counters.read([{ key: key('x') }], t0)).toEqual([0]);
    });
  });
}

import { afterAll, describe, expect, it } from 'vitest';
import type { ActionStore, NewAction } from './action-store.js';

const total: NewAction = {
  name: 'totalPrice',
  signature: 'totalPrice(items: string[]): Promise<number>',
  docstring: 'Sums the prices of items in cents',
  code: 'async function totalPrice(items) { let sum = 0; for (const item of items) sum += (await tools.get_price({ item })).cents; return sum; }',
  tests: ['typeof totalPrice === "function"'],
};

/** The conformance suite every `ActionStore` runs. `create` gives a fresh, empty store each call. */
export function describeActionStoreConformance(
  name: string,
  create: () => Promise<ActionStore> | ActionStore,
  options: { skip?: string | undefined } = {},
): void {
  describe.skipIf(Boolean(options.skip))(
    `ActionStore conformance: ${name}${options.skip ? ` (${options.skip})` : ''}`,
    () => {
      const opened: ActionStore[] = [];
      const fresh = async () => {
        const store = await create();
        opened.push(store);
        return store;
      };
      afterAll(async () => {
        await Promise.all(opened.map((store) => store.close()));
      });

      it('saves version 1, then a new version per save; get gives the latest or the one asked for', async () => {
        const store = await fresh();
        const first = await store.save(total, 1000);
        expect(first).toMatchObject({ name: 'totalPrice', version: 1, uses: 0, successes: 0, createdAt: 1000 });
        expect(first.tests).toEqual(total.tests);
        const second = await store.save({ ...total, docstring: 'Sums prices (v2)' }, 2000);
        expect(second.version).toBe(2);
        expect((await store.get('totalPrice'))?.docstring).toBe('Sums prices (v2)');
        expect((await store.get('totalPrice', 1))?.docstring).toBe(total.docstring);
        expect(await store.get('totalPrice', 3)).toBeUndefined();
        expect(await store.get('nothing')).toBeUndefined();
        expect((await store.versions('totalPrice')).map((v) => v.version)).toEqual([1, 2]);
      });

      it('lists the latest version of each name, by name', async () => {
        const store = await fresh();
        await store.save(total, 1);
        await store.save({ ...total, docstring: 'newer' }, 2);
        await store.save({ ...total, name: 'average', code: 'function average(xs) { return xs.length; }' }, 3);
        const listed = await store.list();
        expect(listed.map((a) => [a.name, a.version])).toEqual([
          ['average', 1],
          ['totalPrice', 2],
        ]);
      });

      it('counts uses and successes per version; an unknown version is ignored', async () => {
        const store = await fresh();
        await store.save(total, 1);
        await store.save(total, 2);
        await store.recordUse('totalPrice', 1, true);
        await store.recordUse('totalPrice', 1, false);
        await store.recordUse('totalPrice', 2, true);
        await store.recordUse('totalPrice', 9, true);
        await store.recordUse('ghost', 1, true);
        expect(await store.get('totalPrice', 1)).toMatchObject({ uses: 2, successes: 1 });
        expect(await store.get('totalPrice', 2)).toMatchObject({ uses: 1, successes: 1 });
      });

      it('removes every version of a name, and says how many', async () => {
        const store = await fresh();
        await store.save(total, 1);
        await store.save(total, 2);
        expect(await store.remove('totalPrice')).toBe(2);
        expect(await store.get('totalPrice')).toBeUndefined();
        expect(await store.remove('totalPrice')).toBe(0);
        expect((await store.save(total, 3)).version).toBe(1);
      });

      it('refuses a name that is not an identifier and code that does not declare it, saving nothing', async () => {
        const store = await fresh();
        await expect(store.save({ ...total, name: 'drop table; --' }, 1)).rejects.toMatchObject({
          code: 'ACTION_INVALID',
        });
        await expect(store.save({ ...total, code: 'function other() {}' }, 1)).rejects.toThrow(
          /does not declare totalPrice/,
        );
        expect(await store.list()).toEqual([]);
      });

      it('keeps code and text exactly, quotes and unicode included', async () => {
        const store = await fresh();
        const code = "function quote() { return \"it's ${'x'} \\u00e9 — ✓\"; }";
        await store.save({ name: 'quote', signature: "quote(): 'x'", docstring: 'é — "q"', code }, 1);
        expect(await store.get('quote')).toMatchObject({ code, signature: "quote(): 'x'", docstring: 'é — "q"' });
      });
    },
  );
}

import { expect } from 'vitest';
import { waitUntil } from '../testing/service-test-kit.js';
import type { TcpProxy } from '../testing/tcp-proxy.js';
import type { SharedCounters } from './shared-counters.js';

/**
 * A backend cut mid-use and restored, for every networked backend: `counters` reach it through `proxy`, `direct`
 * without it. A reserve while cut fails with `COUNTERS_UNAVAILABLE` and counts nothing (not even later, once the
 * connection is back); once back, reserves work and count once.
 */
export async function expectCutAndRestore(
  counters: SharedCounters,
  direct: SharedCounters,
  proxy: TcpProxy,
): Promise<void> {
  const limit = { key: `cut-${Date.now()}`, max: 2 };
  expect((await counters.reserve([limit], 1)).ok).toBe(true);
  proxy.cut();
  await expect(counters.reserve([limit], 2)).rejects.toMatchObject({
    code: 'COUNTERS_UNAVAILABLE',
    data: { operation: 'reserve' },
  });
  expect(await direct.read([limit], 3)).toEqual([1]);
  proxy.restore();
  await waitUntil(() =>
    counters.read([limit], 4).then(
      () => true,
      () => false,
    ),
  );
  expect(await counters.reserve([limit], 5)).toEqual({ ok: true, counts: [2] });
  expect(await direct.read([limit], 6)).toEqual([2]);
}

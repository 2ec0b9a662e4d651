import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix } from '../testing/service-test-kit.js';
import { startTcpProxy } from '../testing/tcp-proxy.js';
import { expectCutAndRestore } from './cut-and-restore.case.js';
import { createRedisCounters } from './redis-counters.js';
import { describeSharedCountersConformance } from './shared-counters.case.js';

const prefix = `warden-test-counters-${randomBytes(4).toString('hex')}`;
afterAll(() => dropRedisPrefix(prefix));

describeSharedCountersConformance('redis', {
  open: () => createRedisCounters({ prefix: `${prefix}:` }),
});

describe('Redis counters, bad backends', () => {
  it('opening a Redis that is not there fails with COUNTERS_UNAVAILABLE', async () => {
    await expect(createRedisCounters({ url: 'redis://127.0.0.1:1', prefix: `${prefix}:` })).rejects.toMatchObject({
      code: 'COUNTERS_UNAVAILABLE',
      data: { operation: 'open' },
    });
  });

  it('a reserve on a lost connection fails fast with COUNTERS_UNAVAILABLE and counts nothing', async () => {
    const counters = await createRedisCounters({ prefix: `${prefix}:` });
    const other = await createRedisCounters({ prefix: `${prefix}:` });
    await counters.close();
    const limit = { key: `lost-${Date.now()}`, max: 3 };
    await expect(counters.reserve([limit], 1)).rejects.toMatchObject({ code: 'COUNTERS_UNAVAILABLE' });
    expect(await other.read([limit], 1)).toEqual([0]);
    await other.close();
  });

  it('Redis cut mid-use: reserves fail at once with COUNTERS_UNAVAILABLE, count nothing, and work again once it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    const counters = await createRedisCounters({ url: `redis://127.0.0.1:${proxy.port}`, prefix: `${prefix}:` });
    const direct = await createRedisCounters({ prefix: `${prefix}:` });
    await expectCutAndRestore(counters, direct, proxy);
    await counters.close();
    await direct.close();
    await proxy.close();
  });
});

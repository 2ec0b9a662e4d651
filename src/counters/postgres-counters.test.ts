import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePolicy } from '../policy/parse-policy.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';
import { startTcpProxy } from '../testing/tcp-proxy.js';
import { expectCutAndRestore } from './cut-and-restore.case.js';
import { createPostgresCounters } from './postgres-counters.js';
import { describeSharedCountersConformance } from './shared-counters.case.js';

const schemas = testSchemas('counters');
const schema = schemas.fresh();
afterAll(() => schemas.drop());

describeSharedCountersConformance('postgres', {
  open: () => createPostgresCounters({ connectionString: testPostgresUrl, schema, pool: { max: 3 } }),
});

describe('PostgreSQL counters, bad backends', () => {
  it('opening a server that is not there fails with COUNTERS_UNAVAILABLE, without the password', async () => {
    const error = await createPostgresCounters({
      connectionString: 'postgres://warden:secret@127.0.0.1:1/test',
      pool: { connectionTimeoutMillis: 2000 },
    }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'COUNTERS_UNAVAILABLE', data: { operation: 'open' } });
    expect((error as Error).message).not.toContain('secret');
    expect((error as Error).message).toContain('resume the run');
  });

  it('a reserve on a lost connection fails with COUNTERS_UNAVAILABLE and counts nothing', async () => {
    const counters = await createPostgresCounters({ connectionString: testPostgresUrl, schema });
    const other = await createPostgresCounters({ connectionString: testPostgresUrl, schema });
    await counters.close();
    const limit = { key: `lost-${Date.now()}`, max: 3 };
    await expect(counters.reserve([limit], 1)).rejects.toMatchObject({
      code: 'COUNTERS_UNAVAILABLE',
      data: { operation: 'reserve' },
    });
    await expect(counters.read([limit], 1)).rejects.toMatchObject({ code: 'COUNTERS_UNAVAILABLE' });
    expect(await other.read([limit], 1)).toEqual([0]);
    await other.close();
  });

  it('a bad schema name is a ConfigError naming counters.schema', async () => {
    await expect(
      createPostgresCounters({ connectionString: testPostgresUrl, schema: 'x; drop' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('a run whose counters database went away fails with COUNTERS_UNAVAILABLE; the tool never ran', async () => {
    const counters = await createPostgresCounters({ connectionString: testPostgresUrl, schema });
    await counters.close();
    const { policy } = parsePolicy(
      'version: 1\nname: gone\ndefault: allow\nrules:\n  - id: cap\n    tool: pay\n    limit: { max: 5, per: tenant }\n',
      { file: 'inline.yaml' },
    );
    const paid: number[] = [];
    const pay = defineTool({
      name: 'pay',
      description: 'Pay',
      input: z.object({ amount: z.number() }),
      execute: ({ amount }) => {
        paid.push(amount);
        return 'paid';
      },
    });
    const agent = defineAgent({
      name: 'payer',
      model: new ScriptedModel([{ toolCalls: [{ name: 'pay', input: { amount: 3 } }] }, { text: 'done' }]),
      tools: [pay],
      policy,
    });
    const result = await createRuntime({ counters }).run(agent, 'pay', { principal: { id: 'u', tenant: 't' } });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'COUNTERS_UNAVAILABLE' } });
    expect(paid).toEqual([]);
  });

  it('PostgreSQL cut mid-use: reserves fail with COUNTERS_UNAVAILABLE, count nothing, and work again once it is back', async () => {
    const target = new URL(testPostgresUrl);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(testPostgresUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const counters = await createPostgresCounters({
      connectionString: viaProxy.toString(),
      schema,
      pool: { connectionTimeoutMillis: 2000 },
    });
    const direct = await createPostgresCounters({ connectionString: testPostgresUrl, schema });
    await expectCutAndRestore(counters, direct, proxy);
    await counters.close();
    await direct.close();
    await proxy.close();
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../core/errors/config-error.js';
import { StoreError } from '../../core/errors/store-error.js';
import type { RunEvent } from '../../core/events.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { describeRunStoreConformance } from '../run-store.case.js';
import { newRun, stepEvent } from '../run-store-case-kit.js';
import { postgresMigrations } from './postgres-schema.js';
import { migratePostgres } from './postgres-schema.js';
import { createPostgresStore } from './postgres-store.js';

const connectionString = process.env.WARDEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const startCommand = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** Why the test server cannot be used, or undefined when it can. */
async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String((error as { code?: string }).code);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await unreachableReason();

if (unreachable !== undefined) {
  describe('PostgreSQL run store', () => {
    it('needs a PostgreSQL server', (context) => {
      const message = `PostgreSQL is not reachable at ${connectionString} (${unreachable}). Start it with: ${startCommand}`;
      if (process.env.CI === 'true') throw new Error(message);
      context.skip(message);
    });
  });
} else {
  const prefix = `warden_test_${randomBytes(5).toString('hex')}`;
  const schema = `${prefix}_main`;
  let schemas = 0;
  const freshSchema = () => `${prefix}_${++schemas}`;
  const admin = new pg.Client({ connectionString });

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    const { rows } = await admin.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { nspname } of rows) await admin.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await admin.end();
  });

  describeRunStoreConformance('postgres', {
    async open({ clock }) {
      const store = await createPostgresStore({ connectionString, schema, clock });
      await admin.query(`DELETE FROM "${schema}".runs; DELETE FROM "${schema}".events`);
      return store;
    },
    // A second pool: the two resumers race on separate connections, as two workers would.
    connectAgain: async (_store, { clock }) => createPostgresStore({ connectionString, schema, clock }),
  });

  describe('PostgreSQL run store', () => {
    it('keeps runs and events for the next process, and names its schema in its location', async () => {
      const own = freshSchema();
      const first = await createPostgresStore({ connectionString, schema: own });
      await first.createRun(newRun('r1'));
      await first.append('r1', [stepEvent('r1', 0), stepEvent('r1', 1)]);
      await first.close();
      const second = await createPostgresStore({ connectionString, schema: own });
      expect(second.location).toBe(`postgres://postgres@127.0.0.1:5432/test?schema=${own}`);
      expect(await second.readEvents('r1')).toStrictEqual([stepEvent('r1', 0), stepEvent('r1', 1)]);
      await second.close();
    });

    it('round-trips NUL and lone surrogates in run output and error, which jsonb cannot hold', async () => {
      const store = await createPostgresStore({ connectionString, schema });
      await store.createRun(newRun('nul'));
      const output = { text: 'a\u0000b', cut: 'emoji cut \ud83d' };
      await store.updateRun('nul', { output, error: { code: 'X', message: 'nul \u0000 here' } });
      expect(await store.getRun('nul')).toMatchObject({ output, error: { code: 'X', message: 'nul \u0000 here' } });
      await store.close();
    });

    it('refuses a NUL in the agent name with a StoreError that says so', async () => {
      const store = await createPostgresStore({ connectionString, schema });
      const error = await store.createRun(newRun('bad', { agent: 'a\u0000b' })).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toContain('NUL');
      await store.close();
    });

    it('stores a run input holding NUL and lone surrogates with each replaced by U+FFFD', async () => {
      const store = await createPostgresStore({ connectionString, schema });
      await store.createRun(newRun('nul_input', { input: 'a\u0000b \ud83d \ud83d\ude00' }));
      expect((await store.getRun('nul_input'))?.input).toBe('a\uFFFDb \uFFFD \ud83d\ude00');
      await store.close();
    });

    it('reads back outputs and events whose own key is the envelope key as written, and still lists', async () => {
      const store = await createPostgresStore({ connectionString, schema });
      const notJson = { '$warden:json': 'not json' };
      const forged = { '$warden:json': '{"forged":true}' };
      await store.createRun(newRun('env_a'));
      await store.createRun(newRun('env_b'));
      await store.updateRun('env_a', { output: notJson, error: { code: 'X', message: 'm', ...forged } });
      await store.updateRun('env_b', { output: forged });
      const event = { ...stepEvent('env_a', 0), ...forged } as RunEvent;
      await store.append('env_a', [event]);
      expect(await store.getRun('env_a')).toMatchObject({ output: notJson, error: { code: 'X', ...forged } });
      expect((await store.getRun('env_b'))?.output).toEqual(forged);
      const listed = await store.listRuns({});
      expect(listed.find((run) => run.id === 'env_b')?.output).toEqual(forged);
      expect(await store.readEvents('env_a')).toStrictEqual([event]);
      await store.close();
    });

    describe('through runtime.run', () => {
      it('a structured output whose own key is the envelope key is stored and listed as written', async () => {
        const store = await createPostgresStore({ connectionString, schema: freshSchema() });
        const answer = { '$warden:json': 'not json' };
        const agent = defineAgent({
          name: 'enc',
          model: new ScriptedModel([{ text: JSON.stringify(answer) }]),
          output: z.record(z.string(), z.string()),
        });
        const result = await createRuntime({ store }).run(agent, 'answer in JSON');
        expect(result).toMatchObject({ status: 'completed', output: answer });
        expect(await store.listRuns({})).toMatchObject([{ id: result.runId, output: answer }]);
        await store.close();
      });

      it('a NUL in the input of a run and of a sub-agent: both complete, run-start keeps each input exactly', async () => {
        const store = await createPostgresStore({ connectionString, schema: freshSchema() });
        const child = defineAgent({ name: 'helper', model: new ScriptedModel([{ text: 'child done' }]) });
        const parent = defineAgent({
          name: 'boss',
          model: new ScriptedModel([
            { toolCalls: [{ name: 'helper', input: { input: 'child \u0000 input' } }] },
            { text: 'parent done' },
          ]),
          tools: [child],
        });
        const result = await createRuntime({ store }).run(parent, 'parent \u0000 input');
        expect(result).toMatchObject({ status: 'completed', output: 'parent done' });
        const runs = await store.listRuns({});
        const childRun = runs.find((run) => run.parentRunId === result.runId);
        expect(runs.map((run) => [run.input, run.status]).sort()).toEqual([
          ['child \uFFFD input', 'completed'],
          ['parent \uFFFD input', 'completed'],
        ]);
        for (const [runId, input] of [
          [result.runId, 'parent \u0000 input'],
          [childRun?.id ?? 'missing', 'child \u0000 input'],
        ] as const) {
          const log = await store.readEvents(runId);
          expect(log.find((event) => event.type === 'run-start')).toMatchObject({ input });
          expect(log.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
        }
        await store.close();
      });
    });

    it('migrates a new schema once when several processes open it at the same time', async () => {
      const own = freshSchema();
      const stores = await Promise.all(range(4).map(() => createPostgresStore({ connectionString, schema: own })));
      const { rows } = await admin.query(`SELECT value FROM "${own}".meta WHERE key = 'schema_version'`);
      expect(rows).toEqual([{ value: String(postgresMigrations.length) }]);
      await Promise.all(stores.map((store) => store.close()));
    });

    it('refuses a schema written by a newer version, saying where, both versions and what to do', async () => {
      const own = freshSchema();
      await (await createPostgresStore({ connectionString, schema: own })).close();
      await admin.query(`UPDATE "${own}".meta SET value = '99' WHERE key = 'schema_version'`);
      const error = await createPostgresStore({ connectionString, schema: own }).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'STORE_VERSION_TOO_NEW' });
      for (const part of [
        `schema=${own}`,
        'schema version 99',
        `up to ${postgresMigrations.at(-1)?.version}`,
        'Upgrade Warden',
      ]) {
        expect((error as Error).message).toContain(part);
      }
    });

    it('applies a new migration as one more entry, and older code then refuses the schema', async () => {
      const own = freshSchema();
      await (await createPostgresStore({ connectionString, schema: own })).close();
      const withV2 = [
        ...postgresMigrations,
        { version: postgresMigrations.length + 1, sql: (s: string) => `ALTER TABLE ${s}.runs ADD COLUMN tags TEXT[]` },
      ];
      const client = new pg.Client({ connectionString });
      await client.connect();
      await migratePostgres(client as unknown as pg.PoolClient, own, own, withV2);
      await migratePostgres(client as unknown as pg.PoolClient, own, own, withV2);
      await client.end();
      const { rows } = await admin.query(`SELECT value FROM "${own}".meta WHERE key = 'schema_version'`);
      expect(rows).toEqual([{ value: String(postgresMigrations.length + 1) }]);
      await expect(createPostgresStore({ connectionString, schema: own })).rejects.toMatchObject({
        code: 'STORE_VERSION_TOO_NEW',
      });
    });

    it('rolls back a failing migration, leaving nothing behind', async () => {
      const own = freshSchema();
      const broken = [{ version: 1, sql: (s: string) => `CREATE TABLE ${s}.half (x int); SELECT no_such_function()` }];
      const client = new pg.Client({ connectionString });
      await client.connect();
      await expect(migratePostgres(client as unknown as pg.PoolClient, own, own, broken)).rejects.toThrow();
      await client.end();
      const { rows } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [own]);
      expect(rows).toEqual([]);
    });
  });
}

describe('PostgreSQL run store settings', () => {
  it('says the server cannot be reached, without the password', async () => {
    const error = await createPostgresStore({ connectionString: 'postgres://warden:secret@127.0.0.1:1/none' }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).message).toContain('postgres://warden@127.0.0.1:1/none');
    expect((error as Error).message).not.toContain('secret');
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(createPostgresStore({ connectionString, schema: 'a"; DROP' })).rejects.toBeInstanceOf(ConfigError);
  });
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

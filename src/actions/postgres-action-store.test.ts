import { describeActionStoreConformance } from './action-store.case.js';
import { createPostgresActionStore } from './postgres-action-store.js';

const url = process.env.WARDEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const prefix = `codeact_actions_${process.pid}`;
let n = 0;

describeActionStoreConformance('PostgreSQL', async () => {
  const table = `${prefix}_${n++}`;
  const store = await createPostgresActionStore({ connectionString: url, table });
  // Each case gets a fresh, empty table; drop it when the store closes.
  const close = store.close.bind(store);
  return {
    ...store,
    close: async () => {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
      await close();
    },
  };
});

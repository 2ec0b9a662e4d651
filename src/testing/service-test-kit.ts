import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: `WARDEN_TEST_POSTGRES_URL`, else the local test database. */
export const testPostgresUrl = process.env.WARDEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Unique schema names for one test file (`<prefix>_<n>`), and a `drop()` that removes them all: parallel
 * test files and other processes sharing the server never see each other's tables.
 */
export function testSchemas(label: string): { fresh(): string; drop(): Promise<void> } {
  const prefix = `warden_${label}_${randomBytes(4).toString('hex')}`;
  let count = 0;
  return {
    fresh: () => `${prefix}_${++count}`,
    async drop() {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ nspname: string }>(
          'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
          [`${prefix}%`],
        );
        for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Waits, a turn of the event loop at a time, until `condition` holds; throws after `turns`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await condition()) return;
    await new Promise((resolve) => (i < 200 ? setImmediate(resolve) : setTimeout(resolve, 5)));
  }
  throw new Error('the condition never held');
}

/** Deletes every Redis key under `prefix` (a test file's queues), on the local test Redis. */
export async function dropRedisPrefix(prefix: string, redisUrl = 'redis://127.0.0.1:6379'): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

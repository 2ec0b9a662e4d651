import { createMemoryCounters } from './memory-counters.js';
import { createPostgresCounters } from './postgres-counters.js';
import { createRedisCounters } from './redis-counters.js';
import type { SharedCounters } from './shared-counters.js';

/**
 * Which backend keeps the counts of `limit: { per: principal | tenant }` rules, as `warden.yaml`'s `counters:`
 * and `createRuntime({ counters })` take it.
 * @example { kind: 'postgres', url: 'postgres://localhost/warden' }
 */
export type CountersConfig =
  /** This process only (the default). */
  | { kind: 'memory' }
  /** Every process using this database and schema. */
  | { kind: 'postgres'; url: string; schema?: string }
  /** Every process using this Redis and prefix. */
  | { kind: 'redis'; url?: string; prefix?: string };

/** Opens the counters a config names. @throws CountersUnavailableError when the backend cannot be reached */
export async function openCounters(config: CountersConfig): Promise<SharedCounters> {
  switch (config.kind) {
    case 'memory':
      return createMemoryCounters();
    case 'postgres':
      return createPostgresCounters({ connectionString: config.url, ...(config.schema && { schema: config.schema }) });
    case 'redis':
      return createRedisCounters({
        ...(config.url && { url: config.url }),
        ...(config.prefix && { prefix: config.prefix }),
      });
  }
}

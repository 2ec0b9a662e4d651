export { type CountersConfig, openCounters } from './open-counters.js';
export { createMemoryCounters, MemoryCounters } from './memory-counters.js';
export { createPostgresCounters, PostgresCounters, type PostgresCountersOptions } from './postgres-counters.js';
export {
  createRedisCounters,
  RedisCounters,
  type RedisCountersClient,
  type RedisCountersOptions,
} from './redis-counters.js';
export type { CounterLimit, CounterRead, ReserveResult, SharedCounters } from './shared-counters.js';

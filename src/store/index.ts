export { MemoryRunStore } from './memory-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export {
  createPostgresStore,
  type PostgresRunStore,
  type PostgresStoreOptions,
} from './postgres/postgres-store.js';
export type {
  AppendOptions,
  ClaimOptions,
  NewRun,
  RunFilter,
  RunLease,
  RunPatch,
  RunPrincipal,
  RunRecord,
  RunStore,
} from './run-store.js';
export {
  createSqliteStore,
  defaultSqlitePath,
  type SqliteRunStore,
  type SqliteStoreOptions,
} from './sqlite/sqlite-store.js';
export { type StoreRetryOptions, withStoreRetry } from './retrying-store.js';

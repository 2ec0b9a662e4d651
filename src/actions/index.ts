export * from './action-store.js';
export { actionToolNames } from './action-tool-names.js';
export { type ActionLibraryToolsOptions, actionLibraryTools } from './action-tools.js';
export { MemoryActionStore } from './memory-action-store.js';
export { defaultActionStoreLocation, openActionStore } from './open-action-store.js';
export { type PostgresActionStoreOptions, createPostgresActionStore } from './postgres-action-store.js';
export { rankActions } from './rank-actions.js';
export { type SqliteActionStoreOptions, createSqliteActionStore } from './sqlite-action-store.js';

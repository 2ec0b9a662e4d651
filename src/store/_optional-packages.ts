import { createRequire } from 'node:module';
import { isMissingPackage, MissingDependencyError } from '../core/errors/missing-dependency-error.js';

/** `pg`, loaded on the first PostgreSQL store: an optional peer dependency. */
export async function importPg(): Promise<typeof import('pg').default> {
  try {
    return (await import('pg')).default;
  } catch (error) {
    if (isMissingPackage(error, 'pg')) throw new MissingDependencyError('pg', 'The PostgreSQL run store', error);
    throw error;
  }
}

const require = createRequire(import.meta.url);

/**
 * `better-sqlite3`, loaded synchronously (it is CommonJS) on the first SQLite store, so that
 * `createSqliteStore` stays synchronous: an optional peer dependency with a native addon.
 */
export function requireBetterSqlite3(): typeof import('better-sqlite3') {
  try {
    return require('better-sqlite3');
  } catch (error) {
    const feature = 'The SQLite run store (the default store of the CLI)';
    if (isMissingPackage(error, 'better-sqlite3')) throw new MissingDependencyError('better-sqlite3', feature, error);
    throw error;
  }
}

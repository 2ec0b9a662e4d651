import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors/config-error.js';
import { MemoryRunStore } from './memory-store.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import type { RunStore } from './run-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';

export interface OpenStoreOptions {
  /** Gives `updatedAt` when a patch does not (SQLite and PostgreSQL). @default systemClock */
  clock?: Clock;
}

const fix = 'write sqlite:<file>, a path ending in .db, postgres://user@host:5432/database[?schema=name], or memory.';

/**
 * Opens the run store a location names, as written in `warden.yaml` (`store:`) or on the command line:
 * - `sqlite:<path>` or a path ending in `.db`: SQLite (`sqlite::memory:` for a throwaway one)
 * - `postgres://…` or `postgresql://…`: PostgreSQL; `?schema=<name>` picks the schema (default `warden`)
 * - `memory`: in process memory, gone when the process ends
 *
 * Anything else throws `ConfigError`.
 * @example const store = await openStore('sqlite:.warden/warden.db');
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<RunStore> {
  const { clock } = options;
  const trimmed = location.trim();
  if (trimmed === 'memory') return new MemoryRunStore();
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length);
    if (path === '') {
      throw new ConfigError('The store location "sqlite:" names no file.', {
        path: 'store',
        fix: 'write sqlite:.warden/warden.db.',
      });
    }
    return createSqliteStore({ path, clock });
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return createPostgresStore({ ...postgresSettings(trimmed), clock });
  if (trimmed.endsWith('.db')) return createSqliteStore({ path: trimmed, clock });
  throw new ConfigError(`"${location}" is not a run store location.`, { path: 'store', fix });
}

/** Splits Warden's own `schema` parameter off a PostgreSQL URL; the rest goes to `pg` as it is. */
function postgresSettings(location: string): { connectionString: string; schema?: string } {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new ConfigError(`"${location}" is not a valid PostgreSQL URL.`, { path: 'store', fix });
  }
  const schema = url.searchParams.get('schema');
  if (schema === null) return { connectionString: location };
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/errors/config-error.js';
import type { ActionStore } from './action-store.js';
import { MemoryActionStore } from './memory-action-store.js';
import { createPostgresActionStore } from './postgres-action-store.js';
import { createSqliteActionStore } from './sqlite-action-store.js';

/** Where the action library lives when `warden.yaml` says nothing (`actions:`), relative to the config file. */
export const defaultActionStoreLocation = 'sqlite:.warden/actions.db';

/**
 * Opens the action store a location names: `sqlite:<path>` or a path ending in `.db` (relative to `dir`),
 * `postgres://…` (`?table=<name>` picks the table, default `warden_actions`), or `memory`.
 */
export async function openActionStore(location: string, dir: string): Promise<ActionStore> {
  const trimmed = location.trim();
  if (trimmed === 'memory') return new MemoryActionStore();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    const url = new URL(trimmed);
    const table = url.searchParams.get('table') ?? undefined;
    url.searchParams.delete('table');
    return createPostgresActionStore({ connectionString: url.href, ...(table && { table }) });
  }
  const path = trimmed.startsWith('sqlite:') ? trimmed.slice('sqlite:'.length) : trimmed.endsWith('.db') ? trimmed : '';
  if (path === '') {
    throw new ConfigError(`"${location}" is not an action store location.`, {
      path: 'actions',
      fix: 'write sqlite:.warden/actions.db, postgres://user@host:5432/database[?table=name], or memory',
    });
  }
  return createSqliteActionStore({ path: path === ':memory:' || isAbsolute(path) ? path : resolve(dir, path) });
}

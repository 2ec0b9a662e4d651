import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/errors/config-error.js';
import { openStore } from '../store/open-store.js';
import type { RunStore } from '../store/run-store.js';

/** How a command opens its store. */
export interface OpenStoreAtOptions {
  /**
   * Refuse a SQLite file that does not exist instead of creating an empty store there: for commands that
   * only read runs, where a missing file is a misspelt path. @default false
   */
  mustExist?: boolean;
}

/** Opens a store location, resolving a relative SQLite path against `dir` (the config file's folder). */
export function openStoreAt(
  location: string,
  dir: string,
  options: OpenStoreAtOptions = {},
): Promise<RunStore> | RunStore {
  const sqlite = /^sqlite:(.+)$/.exec(location.trim());
  const path = sqlite?.[1];
  if (path === undefined || path === ':memory:') return openStore(location);
  const file = isAbsolute(path) ? path : resolve(dir, path);
  if (options.mustExist && !existsSync(file)) {
    throw new ConfigError(
      `There is no run store at ${file}: nothing has run with it yet, or the path is misspelt.`,
      {
        path: 'store',
        fix: 'check the path given to --store (or store: in warden.yaml); `warden run` creates the store on its first run',
      },
      'STORE_NOT_FOUND',
    );
  }
  return openStore(`sqlite:${file}`);
}

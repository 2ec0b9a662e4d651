import { isAbsolute, resolve } from 'node:path';
import { openStore } from '../store/open-store.js';
import type { RunStore } from '../store/run-store.js';

/** Opens a store location, resolving a relative SQLite path against `dir` (the config file's folder). */
export function openStoreAt(location: string, dir: string): Promise<RunStore> | RunStore {
  const sqlite = /^sqlite:(.+)$/.exec(location);
  if (sqlite && !isAbsolute(sqlite[1]!) && sqlite[1] !== ':memory:')
    return openStore(`sqlite:${resolve(dir, sqlite[1]!)}`);
  return openStore(location);
}

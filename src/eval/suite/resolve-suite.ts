import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../core/errors/config-error.js';

/** Where the suites shipped with Warden live. */
export const builtinSuitesDir = fileURLToPath(new URL('../suites/', import.meta.url));

/** The names of the built-in suites, sorted. */
export function builtinSuiteNames(): string[] {
  if (!existsSync(builtinSuitesDir)) return [];
  return readdirSync(builtinSuitesDir)
    .filter((name) => existsSync(join(builtinSuitesDir, name, 'suite.yaml')))
    .sort();
}

/** The directory of a suite given by built-in name (`workspace`) or by path (`./my-suite`). */
export function resolveSuiteDir(nameOrDir: string): string {
  if (builtinSuiteNames().includes(nameOrDir)) return join(builtinSuitesDir, nameOrDir);
  const dir = resolve(nameOrDir);
  if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  throw new ConfigError(
    `"${nameOrDir}" is neither a built-in suite nor a directory.`,
    { path: 'suite', fix: `Use one of ${builtinSuiteNames().join(', ') || '(none)'}, or a path to a suite directory.` },
    'SUITE_NOT_FOUND',
  );
}

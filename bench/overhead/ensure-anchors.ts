import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WardenError } from '../../src/core/errors/warden-error.js';
import { anchorsDir } from './anchors-dir.js';

/** The anchor frameworks could not be installed, so the comparison cannot run. */
export class AnchorsUnavailableError extends WardenError {
  constructor(message: string, cause?: unknown) {
    super({ code: 'BENCH_ANCHORS_UNAVAILABLE', fault: 'system', message, cause });
  }
}

/** How an install went: `undefined` when it succeeded, else why not. */
export type InstallAnchors = (dir: string) => string | undefined;

/** `npm ci --prefix <dir>`, building native code from source as CI does. */
export const npmCi: InstallAnchors = (dir) => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
  if (install.error) return install.error.message;
  if (install.status !== 0) return `it exited with ${install.signal ?? `code ${install.status}`}`;
  return undefined;
};

/**
 * Installs the anchor harness's exact versions unless they are there already
 * (npm writes `node_modules/.package-lock.json` last, so it marks a finished install).
 */
export function ensureAnchors(
  options: { dir?: string; install?: InstallAnchors; log?: (line: string) => void } = {},
): void {
  const { dir = anchorsDir, install = npmCi, log = (line: string) => process.stderr.write(`${line}\n`) } = options;
  const marker = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(marker)) return;
  log('bench/anchors/node_modules is missing: installing the anchor frameworks (npm ci --prefix bench/anchors)…');
  const failure = install(dir) ?? (existsSync(marker) ? undefined : 'it left no node_modules/.package-lock.json');
  if (failure) {
    throw new AnchorsUnavailableError(
      `Cannot install the anchor frameworks: \`npm ci --prefix bench/anchors\` failed (${failure}). ` +
        'They come from the npm registry: check that npm can reach it, then run ' +
        '`npm_config_build_from_source=true npm ci --prefix bench/anchors` and rerun the bench.',
    );
  }
}

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds `dist/` from the current source (`npm run build`), so the Warden runners measure what users install
 * and never a stale build.
 */
export function ensureBuild(log: (line: string) => void): void {
  log('building dist/ (npm run build) so the Warden runners measure the current source as users install it');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    throw new TypeError(`npm run build failed (exit ${build.status}): fix the build, then run the bench again.`);
  }
}

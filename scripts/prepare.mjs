// npm's `prepare`: builds dist/ after `npm install` / `npm ci` in a checkout and when Warden is installed from git.
// `npm pack` and `npm publish` run `prepack` (which builds) and then `prepare`: the second build is skipped.
// Without devDependencies (`npm ci --omit=dev`) there is no TypeScript to build with: say so instead of failing.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  console.warn(
    'warden: dist/ not built (TypeScript is a devDependency and is not installed). Run: npm install && npm run build',
  );
  process.exit(0);
}
execSync('npm run build', { stdio: 'inherit' });

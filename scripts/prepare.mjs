// npm's `prepare`: builds dist/ after `npm install` / `npm ci` in a checkout and when Warden is installed from git.
// `npm pack` and `npm publish` run `prepack` (which builds) and then `prepare`: the second build is skipped.
import { execSync } from 'node:child_process';

if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
execSync('npm run build', { stdio: 'inherit' });

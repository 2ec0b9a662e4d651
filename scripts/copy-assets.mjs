// Copies the non-TypeScript files the runtime reads (suite and attack YAML, the QuickJS worker) from src/ to dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const copied = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ya?ml|json|mjs)$/.test(name)) {
      cpSync(path, join('dist', relative('src', path)));
      copied.push(path);
    }
  }
}
walk('src');
console.log(`copied ${copied.length} asset files to dist/`);

#!/usr/bin/env node
// An installed Warden runs the built JavaScript in dist/ (the package ships no sources and needs no tsx).
// In a source checkout (src/ is there) it runs the TypeScript through tsx, a devDependency, so that a
// dist/ left by an earlier build never hides an edit.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}

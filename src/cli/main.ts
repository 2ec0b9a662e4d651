#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { runCommand } from './run-command.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted by Ctrl-C')));
process.once('SIGTERM', () => controller.abort(new Error('terminated (SIGTERM)')));

const code = await runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true && process.env.CI !== 'true',
  signal: controller.signal,
  ...(process.stdin.isTTY === true &&
    process.stdout.isTTY === true && {
      ask: async (prompt: string) => {
        const lines = createInterface({ input: process.stdin, output: process.stderr });
        try {
          return await lines.question(prompt, { signal: controller.signal });
        } finally {
          lines.close();
        }
      },
    }),
});
process.exitCode = code;

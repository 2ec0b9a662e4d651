import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^warden\/mcp$/, replacement: fileURLToPath(new URL('./src/tools/mcp/index.ts', import.meta.url)) },
      {
        find: /^warden\/ai-sdk$/,
        replacement: fileURLToPath(new URL('./src/models/ai-sdk/index.ts', import.meta.url)),
      },
      {
        find: /^warden\/(testing|models|store|policy|eval|sandbox|workers)$/,
        replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)),
      },
      { find: /^warden$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './scripts/closing-line-reporter.ts'],
  },
});

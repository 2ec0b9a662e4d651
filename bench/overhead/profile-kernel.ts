/**
 * Profiles Warden's kernel + ReAct in process (no HTTP), in-memory store:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/overhead/profile-kernel.ts [runs] [readOnly|effect] [memory|sqlite]`.
 */
import { z } from 'zod';
import { createRuntime, defineAgent } from '../../src/runtime/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRunStore } from '../../src/store/memory-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { defineTool } from '../../src/tools/define-tool.js';
import { createInstantModel } from './instant-model.js';

const runs = Number(process.argv[2] ?? 3000);
const readOnly = process.argv[3] === 'readOnly';
const sqlite = process.argv[4] === 'sqlite';
const store = sqlite
  ? createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'warden-prof-')), 'w.db') })
  : new MemoryRunStore();
const runtime = createRuntime({ store });
const agent = defineAgent({
  name: 'adder',
  instructions: 'You add numbers.',
  model: createInstantModel(10),
  tools: [
    defineTool({
      name: 'add',
      description: 'Add two numbers',
      readOnly,
      input: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    }),
  ],
});
const t0 = performance.now();
for (let i = 0; i < runs; i++) await runtime.run(agent, 'Use the add tool on a=1, b=2 repeatedly until told to stop.');
process.stdout.write(`${(((performance.now() - t0) * 1000) / runs / 10).toFixed(1)} µs/step\n`);

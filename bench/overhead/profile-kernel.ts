/**
 * Profiles Warden's kernel + ReAct in process (no HTTP), in-memory store:
 * `node [--cpu-prof --cpu-prof-dir=/tmp/prof] --import tsx bench/overhead/profile-kernel.ts [runs] [readOnly|effect] [memory|sqlite|null]`.
 * Prints the CPU time per step (min and median over batches of 100 runs).
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
import { createNullStore } from './null-store.js';

const runs = Number(process.argv[2] ?? 3000);
const readOnly = process.argv[3] === 'readOnly';
const storeKind = process.argv[4] ?? 'memory';
// `null`: a store that keeps nothing, to see the kernel's own cost apart from any store's.
const store =
  storeKind === 'sqlite'
    ? createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'warden-prof-')), 'w.db') })
    : storeKind === 'null'
      ? createNullStore()
      : new MemoryRunStore();
if (process.env.PRAGMA && storeKind === 'sqlite')
  (store as unknown as { db: { pragma(s: string): void } }).db.pragma(process.env.PRAGMA);
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
const prompt = 'Use the add tool on a=1, b=2 repeatedly until told to stop.';
for (let i = 0; i < Math.min(300, runs); i++) await runtime.run(agent, prompt);
// CPU time per step over batches of 100 runs: the minimum is the figure least disturbed by other processes.
const batches: number[] = [];
for (let done = 0; done < runs; done += 100) {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 100; i++) await runtime.run(agent, prompt);
  const cpu = process.cpuUsage(cpu0);
  batches.push((cpu.user + cpu.system) / 100 / 10);
}
batches.sort((a, b) => a - b);
process.stdout.write(
  `CPU µs/step: min ${batches[0]?.toFixed(1)}, median ${batches[batches.length >> 1]?.toFixed(1)} (${batches.length} batches of 100 runs)\n`,
);

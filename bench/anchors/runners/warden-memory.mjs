// Warden's memory per completed run: WARMUP runs, then RUNS runs whose results are kept, on a runtime
// whose store is SQLite (a temp file) or in memory (STORE=sqlite|memory). Prints one RESULT line.
// It imports Warden's build (dist/; the bench runs `npm run build` first): node --expose-gc runners/warden-memory.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, defineAgent, defineTool, MemoryRunStore } from '../../../dist/index.js';
import { createOpenAICompatible } from '../../../dist/models/openai/index.js';
import { createSqliteStore } from '../../../dist/store/sqlite/sqlite-store.js';
import { add, addSchema, BASE_URL, counter, PROMPT, RUNS, STEPS, WARMUP } from './bench.mjs';

const kind = process.env.STORE === 'memory' ? 'memory' : 'sqlite';
const directory = mkdtempSync(join(tmpdir(), 'warden-memory-'));
process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
const path = join(directory, 'warden.db');

const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const settle = () => {
  gc();
  gc();
  return process.memoryUsage();
};

const store = kind === 'sqlite' ? createSqliteStore({ path }) : new MemoryRunStore();
const runtime = createRuntime({ store });
const agent = defineAgent({
  name: 'adder',
  instructions: 'You add numbers.',
  tools: [defineTool({ name: 'add', description: 'Add two numbers', input: addSchema, execute: (args) => add(args) })],
  model: createOpenAICompatible({ baseURL: BASE_URL, apiKey: 'sk-fake', model: 'fake-model' }),
});

async function check() {
  counter.toolCalls = 0;
  const result = await runtime.run(agent, PROMPT);
  if (result.text !== 'done' || counter.toolCalls !== STEPS - 1) {
    throw new Error(
      `warden: bad run: ${result.status} text=${JSON.stringify(result.text)} toolCalls=${counter.toolCalls}`,
    );
  }
  return result;
}

for (let i = 0; i < WARMUP; i++) await check();
const before = settle();
const kept = [];
for (let i = 0; i < RUNS; i++) kept.push(await check());
const withResults = settle();
const keptCount = kept.length;
const lastRunId = kept.at(-1)?.runId;
kept.length = 0;
const after = settle();
const perRunKB = (bytes) => Math.round((bytes / RUNS / 1024) * 100) / 100;

const out = {
  store: kind,
  runs: RUNS,
  storedRuns: WARMUP + RUNS,
  keptResults: keptCount,
  // What the runtime (and its store) holds per completed run once the caller dropped the results.
  runtimeHeapKBPerRun: perRunKB(after.heapUsed - before.heapUsed),
  runtimeRssKBPerRun: perRunKB(after.rss - before.rss),
  // What a caller holding every RunResult pays on top.
  resultHeapKBPerRun: perRunKB(withResults.heapUsed - after.heapUsed),
  rssKBPerRunWithResults: perRunKB(withResults.rss - before.rss),
  heapAfterWarmupMB: Math.round((before.heapUsed / 1048576) * 10) / 10,
  rssAfterWarmupMB: Math.round((before.rss / 1048576) * 10) / 10,
};
const eventsPerRun = lastRunId ? (await store.readEvents(lastRunId)).length : 0;
out.eventsPerRun = eventsPerRun;
if (kind === 'sqlite') {
  await store.close(); // the last connection checkpoints the WAL into the file and removes it
  const bytes = statSync(path).size;
  out.sqliteFileBytes = bytes;
  out.sqliteMBPer1000Runs = Math.round(((bytes * 1000) / (WARMUP + RUNS) / 1e6) * 1000) / 1000;
  out.sqliteBytesPerEvent = Math.round(bytes / (WARMUP + RUNS) / Math.max(1, eventsPerRun));
}
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);

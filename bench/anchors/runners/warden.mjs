// Warden: defineTool + defineAgent + runtime.run() with the OpenAI-compatible model, journaling
// every event to a SQLite run store in a temp file (so the figure includes durability).
// WARDEN_STORE=memory uses the in-memory store instead, to tell the journal's durability apart.
// It imports Warden's build (dist/, what `npm install warden` ships; the bench runs `npm run build` first), as a
// user's program would: node runners/warden.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, defineAgent, defineTool, MemoryRunStore } from '../../../dist/index.js';
import { createOpenAICompatible } from '../../../dist/models/openai/index.js';
import { createSqliteStore } from '../../../dist/store/sqlite/sqlite-store.js';
import { parsePolicy } from '../../../dist/policy/parse-policy.js';
import { bench, BASE_URL, MODEL, PARALLEL, PROMPT, addSchema, add } from './bench.mjs';
import { hundredRulePolicy } from './policy-100.mjs';

const directory = mkdtempSync(join(tmpdir(), 'warden-bench-'));
process.on('exit', () => rmSync(directory, { recursive: true, force: true }));

const inMemory = process.env.WARDEN_STORE === 'memory';
const store = inMemory ? new MemoryRunStore() : createSqliteStore({ path: join(directory, 'warden.db') });
const runtime = createRuntime({ store });
// `add` is a pure function, so it is declared read-only, as a user would: Warden then journals its calls
// without waiting for a commit before each one. WARDEN_TOOL=side-effect declares it as a tool that changes the
// world: every call then waits for its intent to be durable first (one commit per step on the critical path).
const sideEffect = process.env.WARDEN_TOOL === 'side-effect';
const addTool = defineTool({
  name: 'add',
  description: 'Add two numbers',
  input: addSchema,
  readOnly: !sideEffect,
  execute: (args) => add(args),
});
// WARDEN_POLICY=100: every call is decided by a 100-rule policy whose label rules mark every result, so the
// history the decisions read is labelled (the parallel-calls row).
const withPolicy = process.env.WARDEN_POLICY === '100';
const agent = defineAgent({
  name: 'adder',
  instructions: 'You add numbers.',
  tools: [addTool],
  model: createOpenAICompatible({ baseURL: BASE_URL, apiKey: 'sk-fake', model: MODEL }),
  ...(withPolicy && { policy: parsePolicy(hundredRulePolicy(), { file: 'policy-100.yaml' }).policy }),
  ...(PARALLEL > 1 && { loopGuard: false }),
});

async function runOnce() {
  const result = await runtime.run(agent, PROMPT);
  if (result.status !== 'completed') throw new Error(`warden: run ${result.status}: ${result.error?.message}`);
  return result.text;
}

const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
await bench(
  `Warden runtime.run (${inMemory ? 'in-memory' : 'SQLite'} journal${sideEffect ? ', side-effecting tool' : ''}${withPolicy ? ', 100-rule policy' : ''}${PARALLEL > 1 ? `, ${PARALLEL} parallel calls a step` : ''})`,
  `warden ${version}`,
  runOnce,
);
await store.close?.();

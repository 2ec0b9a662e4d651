/**
 * `npm run bench -- layers`: Warden's own cost per step, layer by layer, in one process with no HTTP:
 * the kernel with an in-memory store, the same with the SQLite store (the journal's durability),
 * the SQLite appends alone, and the OpenAI provider's request/response mapping.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunEvent } from '../../src/core/events.js';
import type { Message } from '../../src/core/messages.js';
import { fromOpenAICompletion } from '../../src/models/openai/from-openai-response.js';
import { toOpenAIBody } from '../../src/models/openai/to-openai-request.js';
import { createRuntime, defineAgent } from '../../src/runtime/index.js';
import { MemoryRunStore } from '../../src/store/memory-store.js';
import type { RunStore } from '../../src/store/run-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { defineTool } from '../../src/tools/define-tool.js';
import { resultsDir } from './anchors-dir.js';
import { createInstantModel, fakeCompletion } from './instant-model.js';
import { median, round } from './statistics.js';

const steps = 10;
const prompt = 'Use the add tool on a=1, b=2 repeatedly until told to stop.';

interface LayerFigure {
  layer: string;
  /** Median over rounds of wall time per step. */
  usPerStep: number;
  /** CPU (user + system) per step over all rounds. */
  cpuUsPerStep: number;
}

/** Times `unit` (one 10-step run's worth of work) `runs` times per round, after `warmup` untimed ones. */
async function measure(layer: string, unit: () => Promise<unknown> | unknown, runs: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await unit();
  const rounds: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await unit();
    rounds.push(((performance.now() - t0) * 1000) / runs / steps);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    layer,
    usPerStep: round(median(rounds), 1),
    cpuUsPerStep: round((cpu.user + cpu.system) / (5 * runs) / steps, 1),
  } satisfies LayerFigure;
}

function wardenRun(store: RunStore) {
  let calls = 0;
  const runtime = createRuntime({ store });
  const agent = defineAgent({
    name: 'adder',
    instructions: 'You add numbers.',
    model: createInstantModel(steps),
    tools: [
      defineTool({
        name: 'add',
        description: 'Add two numbers',
        input: z.object({ a: z.number().describe('first addend'), b: z.number().describe('second addend') }),
        execute: ({ a, b }) => {
          calls++;
          return a + b;
        },
      }),
    ],
  });
  return async () => {
    calls = 0;
    const result = await runtime.run(agent, prompt);
    if (result.text !== 'done' || calls !== steps - 1) throw new Error(`bad run: ${result.status} ${result.text}`);
  };
}

/** The Warden messages of each step of the scenario, and the completion the model answers with. */
function conversation() {
  const messages: Message[] = [
    { role: 'system', content: 'You add numbers.' },
    { role: 'user', content: prompt },
  ];
  const turns: Array<{ messages: Message[]; completion: unknown }> = [];
  for (let step = 0; step < steps; step++) {
    turns.push({ messages: [...messages], completion: fakeCompletion(messages, steps, step) });
    const id = `call_${step}`;
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: id, toolName: 'add', input: { a: 1, b: 2 } }],
    });
    messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: id, toolName: 'add', output: 3 }] });
  }
  return turns;
}

function providerMapping() {
  const turns = conversation();
  const tools = [
    {
      name: 'add',
      description: 'Add two numbers',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
    },
  ];
  const defaults = { model: 'fake-model', provider: 'openai', maxTokensField: 'max_tokens' as const };
  return () => {
    for (const turn of turns) {
      toOpenAIBody({ messages: turn.messages, tools }, defaults);
      fromOpenAICompletion(turn.completion, 'openai');
    }
  };
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

/**
 * The events of one step of the scenario, seq from `seq` on: what the kernel journals before the tool runs, and
 * after it.
 */
function stepEvents(runId: string, step: number, seq: number): { beforeTool: RunEvent[]; afterTool: RunEvent[] } {
  const event = (init: Record<string, unknown>) => ({ ...init, runId, seq: seq++, time: 1 }) as unknown as RunEvent;
  const syscallId = `${runId}:${2 * step}`;
  const call = { toolCallId: `call_${step}`, toolName: 'add' };
  const beforeTool = [
    event({ type: 'step-start', step }),
    event({ type: 'model-request', syscallId, step, model: 'fake:instant', messageCount: 2 * step, tools: ['add'] }),
    event({
      type: 'model-response',
      syscallId,
      step,
      content: [{ type: 'tool-call', ...call, input: { a: 1, b: 2 } }],
      finishReason: 'tool-calls',
      usage,
      costUsd: 0,
      durationMs: 1,
    }),
    event({ type: 'tool-call', syscallId, ...call, input: { a: 1, b: 2 }, source: 'local' }),
  ];
  const afterTool = [
    event({ type: 'tool-result', syscallId, ...call, output: 3, durationMs: 0 }),
    event({ type: 'step-end', step, usage }),
  ];
  return { beforeTool, afterTool };
}

/** What a step journals, in the kernel's two commits: before the tool runs, and at the step's end. */
function sqliteAppends(store: RunStore) {
  let run = 0;
  return async () => {
    const runId = `run_${++run}`;
    await store.createRun({ id: runId, agent: 'adder', model: 'fake:instant', input: prompt, createdAt: run });
    for (let step = 1, seq = 0; step <= steps; step++, seq += 6) {
      const { beforeTool, afterTool } = stepEvents(runId, step, seq);
      await store.append(runId, beforeTool);
      await store.append(runId, afterTool);
    }
    await store.updateRun(runId, { status: 'completed', steps, usage, costUsd: 0, endedAt: 2 });
  };
}

/**
 * One run's events as the kernel writes them when every tool is read-only: the record with the first events
 * (durable before the first model call), then the rest with the summary at the end. Two commits a run: the least
 * the journal's promise costs, whatever the kernel does around it.
 */
function sqliteTwoCommits(store: RunStore) {
  let run = 0;
  return async () => {
    const runId = `run_${++run}`;
    const start = { type: 'run-start', agent: 'adder', input: prompt, model: 'fake:instant', strategy: 'react' };
    const events = [{ ...start, tools: ['add'], runId, seq: 0, time: 1 } as unknown as RunEvent];
    for (let step = 1; step <= steps; step++) {
      const { beforeTool, afterTool } = stepEvents(runId, step, events.length);
      events.push(...beforeTool, ...afterTool);
    }
    const create = { id: runId, agent: 'adder', model: 'fake:instant', input: prompt, createdAt: run };
    await store.append(runId, events.slice(0, 3), { create, now: true });
    const patch = { status: 'completed' as const, steps, usage, costUsd: 0, endedAt: 2 };
    await store.append(runId, events.slice(3), { patch });
  };
}

/** Measures every layer, prints a table and writes it to `bench/results/layers.md`; returns the figures. */
export async function runLayersBench(argv: readonly string[]): Promise<LayerFigure[]> {
  const runsIndex = argv.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(argv[runsIndex + 1]) : 100;
  const directory = mkdtempSync(join(tmpdir(), 'warden-layers-'));
  const figures: LayerFigure[] = [];
  try {
    const sqlite = createSqliteStore({ path: join(directory, 'kernel.db') });
    const appendStore = createSqliteStore({ path: join(directory, 'append.db') });
    const runStore = createSqliteStore({ path: join(directory, 'run.db') });
    figures.push(
      await measure('provider mapping (toOpenAIBody + fromOpenAICompletion)', providerMapping(), runs * 10, 200),
    );
    figures.push(await measure('kernel + react, in-memory store', wardenRun(new MemoryRunStore()), runs, 30));
    figures.push(await measure('kernel + react, SQLite store (file)', wardenRun(sqlite), runs, 30));
    figures.push(await measure('SQLite appends alone (2 commits per step)', sqliteAppends(appendStore), runs, 30));
    figures.push(await measure('SQLite, one run in 2 commits (read-only tools)', sqliteTwoCommits(runStore), runs, 30));
    await sqlite.close();
    await appendStore.close();
    await runStore.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const lines = [
    '| layer (no HTTP, in process) | µs/step (median of 5 rounds) | CPU µs/step |',
    '|---|---|---|',
    ...figures.map((figure) => `| ${figure.layer} | ${figure.usPerStep} | ${figure.cpuUsPerStep} |`),
  ];
  const table = lines.join('\n');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'layers.md'),
    `${table}\n\nMeasured ${new Date().toISOString()}, Node ${process.version}.\n`,
  );
  process.stdout.write(`${table}\n`);
  return figures;
}

/**
 * `npm run bench -- codeact [--seeds 5] [--error-rate 0.2] [--max-turns 10]`: CodeAct against ReAct on 24
 * multi-tool tasks with a SIMULATED model in the CodeAct paper's setting (bench/codeact/simulated-actor.ts): one
 * code block expresses what takes several JSON tool calls, both face the same tasks, ground truth and per-action
 * error rate. Model turns, tokens (estimated) and success; writes bench/results/codeact.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createQuickJsSandbox } from '../src/sandbox/quickjs/quickjs-sandbox.js';
import { measureStrategy } from './codeact/run-codeact-bench.js';
import { benchTasks } from './codeact/tasks.js';

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`--${name} needs a number of at least 0.`);
  return value;
}

/** Runs the CodeAct benchmark and writes its JSON. */
export async function runCodeActBench(argv: readonly string[]): Promise<void> {
  const seeds = Array.from({ length: Math.max(1, option(argv, 'seeds', 5)) }, (_, i) => i + 1);
  const errorRate = option(argv, 'error-rate', 0.2);
  const maxTurns = Math.max(1, option(argv, 'max-turns', 10));
  const javascript = createQuickJsSandbox();
  try {
    const settings = { tasks: benchTasks, seeds, errorRate, maxTurns, javascript };
    const codeact = await measureStrategy('codeact', settings);
    const react = await measureStrategy('react', settings);
    const result = {
      simulated: true,
      note: 'SIMULATED model (bench/codeact/simulated-actor.ts), not a language model: it knows each task and writes one JSON tool call per action (ReAct) or one program per action (CodeAct); each action is wrong with the same probability, and is retried. These figures show what the kernel and strategies do with that behaviour, not how a real model would score.',
      tasks: benchTasks.length,
      seeds: seeds.length,
      errorRate,
      maxTurns,
      codeact,
      react,
      machine: `${process.platform} ${process.arch}, node ${process.version}`,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/codeact.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `SIMULATED model, ${benchTasks.length} tasks × ${seeds.length} seeds, per-action error rate ${errorRate}, ${maxTurns} turns max\n` +
        `codeact  success ${codeact.success}  turns ${codeact.turnsMean}  tokens ${codeact.tokensMean}  tool calls ${codeact.toolCallsMean}\n` +
        `react    success ${react.success}  turns ${react.turnsMean}  tokens ${react.tokensMean}  tool calls ${react.toolCallsMean}\n`,
    );
  } finally {
    await javascript.close();
  }
}

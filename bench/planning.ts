/**
 * `npm run bench -- planning [--seeds 3] [--multiple 2] [--large 4]`: every planning strategy on the default
 * task mix, with a SIMULATED proposer at p in {0.5, 0.7, 0.9}, at equal model-call budgets; writes
 * bench/results/planning.json (the primary budget at the top level, the larger multiple under `larger`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { defaultPlanningTasks, runPlanningBenchmark } from '../src/eval/planning/planning-benchmark.js';

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`--${name} needs a positive number.`);
  return value;
}

/** Runs the planning benchmark and writes its JSON. */
export async function runPlanningBench(argv: readonly string[]): Promise<void> {
  const seeds = Array.from({ length: option(argv, 'seeds', 3) }, (_, i) => i + 1);
  const tasks = defaultPlanningTasks();
  const primary = await runPlanningBenchmark({ tasks, multiple: option(argv, 'multiple', 2), seeds });
  const larger = await runPlanningBenchmark({ tasks, multiple: option(argv, 'large', 4), seeds });
  const file = new URL('./results/planning.json', import.meta.url);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...primary, larger }, null, 2)}\n`);
  for (const [name, cells] of Object.entries(primary.strategies)) {
    const at = (p: string, run = primary) => run.strategies[name]?.[p];
    process.stdout.write(
      `${name.padEnd(24)} p=0.7 success ${at('0.7')?.success} calls ${at('0.7')?.modelCallsMean} | larger budget ${at('0.7', larger)?.success} calls ${at('0.7', larger)?.modelCallsMean}  (p=0.5 ${cells['0.5']?.success}, p=0.9 ${cells['0.9']?.success})\n`,
    );
  }
}

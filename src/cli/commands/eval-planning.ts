import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultPlanningTasks, runPlanningBenchmark } from '../../eval/planning/planning-benchmark.js';
import type { CliIO } from '../io.js';

/** Options of `warden eval planning`. */
export interface EvalPlanningOptions {
  /** Budget multiple: `multiple × optimal length + 2` model calls. @default 2 */
  multiple?: number;
  /** Proposer seeds. @default 3 */
  seeds?: number;
  /** Only these strategies. */
  strategy?: string[];
  json?: string;
}

/**
 * `warden eval planning`: every planning strategy on the default task mix with the SIMULATED proposer at
 * p in {0.5, 0.7, 0.9}, at equal model-call budgets; prints success and mean model calls per p.
 */
export async function evalPlanningCommand(io: CliIO, options: EvalPlanningOptions): Promise<number> {
  const seeds = Array.from({ length: options.seeds ?? 3 }, (_, i) => i + 1);
  const report = await runPlanningBenchmark({
    tasks: defaultPlanningTasks(),
    multiple: options.multiple ?? 2,
    seeds,
    ...(options.strategy?.length && { strategies: options.strategy }),
  });
  io.stdout(`${report.tasks} tasks, budget ${report.budget}, model: ${report.model}\n`);
  io.stdout(`${'strategy'.padEnd(24)}${['0.5', '0.7', '0.9'].map((p) => `p=${p}`.padEnd(20)).join('')}\n`);
  for (const [name, cells] of Object.entries(report.strategies)) {
    const row = ['0.5', '0.7', '0.9'].map((p) => `${cells[p]?.success} (${cells[p]?.modelCallsMean})`.padEnd(20));
    io.stdout(`${name.padEnd(24)}${row.join('')}\n`);
  }
  if (options.json) writeFileSync(resolve(io.cwd, options.json), `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

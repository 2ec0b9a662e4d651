import { react } from '../../strategies/react/react.js';
import { planExecute } from '../../strategies/plan-execute/plan-execute.js';
import { astar } from '../../strategies/search/astar.js';
import { bestFirst } from '../../strategies/search/best-first.js';
import { mcts } from '../../strategies/search/mcts.js';
import type { EnvironmentMode } from '../../strategies/search/search-environment.js';
import type { Strategy } from '../../strategies/strategy.js';
import { createBlocksworldTask } from './blocksworld.js';
import type { PlanningTask } from './planning-domain.js';
import { resetTool } from './planning-environment.js';
import { serveOverHttp } from './serve-proposer.js';
import { type PlanningOutcome, runPlanningTask } from './run-planning-task.js';
import { SimulatedProposer } from './simulated-proposer.js';
import { createToolGraphTask } from './tool-graph.js';

/**
 * The default task mix: 9 deep tool graphs (16 steps, three decoys per step, five dead ends that use up an
 * input a later step needs, login gates) and 3 Blocksworld tasks of 6, 7 and 8 blocks.
 */
export function defaultPlanningTasks(): PlanningTask<unknown>[] {
  const tasks: PlanningTask<unknown>[] = [];
  for (let seed = 1; seed <= 9; seed++) {
    const task = createToolGraphTask({ seed, depth: 16, decoyRate: 1, decoysPerStep: 3, deadEnds: 5 });
    tasks.push(task as PlanningTask<unknown>);
  }
  for (const blocks of [6, 7, 8]) tasks.push(createBlocksworldTask({ seed: blocks, blocks }) as PlanningTask<unknown>);
  return tasks;
}

/** How the planning toolkit declares its state: reset + replay, every domain tool replayable. */
export function planningEnvironment(task: PlanningTask<unknown>): EnvironmentMode {
  return { kind: 'reset-replay', resetTool, replayable: task.tools.map((tool) => tool.name) };
}

/** The compared strategies, each given the same model-call budget. */
export const planningStrategies: Record<string, (modelCalls: number, task: PlanningTask<unknown>) => Strategy> = {
  react: () => react(),
  'plan-execute': (modelCalls) => planExecute({ budget: { modelCalls }, maxReplans: 6, resetTool }),
  'plan-execute-no-replan': (modelCalls) => planExecute({ budget: { modelCalls }, maxReplans: 0 }),
  astar: (modelCalls, task) => astar({ budget: { modelCalls }, environment: planningEnvironment(task) }),
  'best-first': (modelCalls, task) => bestFirst({ budget: { modelCalls }, environment: planningEnvironment(task) }),
  mcts: (modelCalls, task) => mcts({ budget: { modelCalls }, environment: planningEnvironment(task) }),
};

/** Aggregates of one strategy at one p. */
export interface PlanningCell {
  success: number;
  modelCallsMean: number;
  tokensMean: number;
  choicesMean: number;
  wallMsMean: number;
  costOverOptimumMean: number | null;
  toolErrorsMean: number;
  decoyUsesMean: number;
  /** Success rate of each proposer seed: the spread. */
  successBySeed: number[];
}

/** The report of one benchmark run at one budget multiple. */
export interface PlanningReport {
  tasks: number;
  budget: string;
  model: string;
  kernel: string;
  strategies: Record<string, Record<string, PlanningCell>>;
}

/**
 * Runs every strategy on every task at each p and seed, with `multiple × optimal length + 2` model calls, on
 * the real runtime and kernel; the SIMULATED proposer of each (task, p, seed) is served over HTTP and read by
 * Warden's OpenAI-compatible client, the same one for every strategy.
 */
export async function runPlanningBenchmark(settings: {
  tasks: PlanningTask<unknown>[];
  multiple: number;
  ps?: number[];
  seeds?: number[];
  sigma?: number;
  strategies?: string[];
  onOutcome?: (outcome: PlanningOutcome & { strategy: string; p: number; seed: number }) => void;
}): Promise<PlanningReport> {
  const ps = settings.ps ?? [0.5, 0.7, 0.9];
  const seeds = settings.seeds ?? [1, 2, 3];
  const names = settings.strategies ?? Object.keys(planningStrategies);
  for (const name of names) {
    if (!planningStrategies[name])
      throw new TypeError(`There is no planning strategy "${name}": ${Object.keys(planningStrategies).join(', ')}.`);
  }
  const outcomes = new Map<string, PlanningOutcome[]>();
  const wins = new Map<string, number>();
  for (const p of ps) {
    for (const seed of seeds) {
      for (const [i, task] of settings.tasks.entries()) {
        const budget = settings.multiple * task.optimal.length + 2;
        const proposer = new SimulatedProposer(task, { p, sigma: settings.sigma ?? 1, seed: seed * 1000 + i });
        const served = await serveOverHttp(proposer);
        try {
          for (const name of names) {
            const strategy = (planningStrategies[name] as (typeof planningStrategies)[string])(budget, task);
            const outcome = await runPlanningTask(strategy, task, served.model, {
              maxModelCalls: budget,
              runId: `${task.id}-${name}-p${p}-s${seed}`,
            });
            settings.onOutcome?.({ ...outcome, strategy: name, p, seed });
            const cell = `${name}|${p}`;
            outcomes.set(cell, [...(outcomes.get(cell) ?? []), outcome]);
            if (outcome.success) wins.set(`${cell}|${seed}`, (wins.get(`${cell}|${seed}`) ?? 0) + 1);
          }
        } finally {
          await served.close();
        }
      }
    }
  }
  const result: Record<string, Record<string, PlanningCell>> = {};
  for (const name of names) {
    result[name] = {};
    for (const p of ps) {
      const bySeed = seeds.map((seed) => round((wins.get(`${name}|${p}|${seed}`) ?? 0) / settings.tasks.length));
      result[name][String(p)] = aggregate(outcomes.get(`${name}|${p}`) ?? [], bySeed);
    }
  }
  return {
    tasks: settings.tasks.length,
    budget: `${settings.multiple} x optimal length + 2 model calls (a call with n choices counts once)`,
    model: `SIMULATED proposer (not a language model) over HTTP via the OpenAI-compatible client, sigma ${settings.sigma ?? 1}`,
    kernel: 'real runtime and kernel (createRuntime().run): policy, budget and journal on every syscall',
    strategies: result,
  };
}

function aggregate(outcomes: PlanningOutcome[], successBySeed: number[]): PlanningCell {
  const mean = (f: (o: PlanningOutcome) => number, list = outcomes) =>
    list.length === 0 ? 0 : round(list.reduce((sum, o) => sum + f(o), 0) / list.length);
  const solved = outcomes.filter((o) => o.success);
  return {
    success: mean((o) => (o.success ? 1 : 0)),
    modelCallsMean: mean((o) => o.modelCalls),
    tokensMean: mean((o) => o.tokens),
    choicesMean: mean((o) => o.choices),
    wallMsMean: mean((o) => o.wallMs),
    costOverOptimumMean: solved.length ? mean((o) => o.costRatio ?? 1, solved) : null,
    toolErrorsMean: mean((o) => o.toolErrors),
    decoyUsesMean: mean((o) => o.decoyUses),
    successBySeed,
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

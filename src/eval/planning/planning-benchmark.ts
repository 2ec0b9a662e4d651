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
import { type PlanningOutcome, runPlanningTask } from './run-planning-task.js';
import { SimulatedProposer } from './simulated-proposer.js';
import { createToolGraphTask } from './tool-graph.js';

/** The default task mix: 8 deep tool graphs with traps and 4 Blocksworld tasks of 8 blocks. */
export function defaultPlanningTasks(): PlanningTask<unknown>[] {
  const tasks: PlanningTask<unknown>[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    tasks.push(createToolGraphTask({ seed, depth: 12, decoyRate: 1, deadEnds: 5 }) as PlanningTask<unknown>);
  }
  for (let seed = 1; seed <= 4; seed++) tasks.push(createBlocksworldTask({ seed, blocks: 8 }) as PlanningTask<unknown>);
  return tasks;
}

const environment: EnvironmentMode = { kind: 'reset-replay', resetTool, replayable: 'all' };

/** The compared strategies, each given the same model-call budget. */
export const planningStrategies: Record<string, (modelCalls: number) => Strategy> = {
  react: () => react(),
  'plan-execute': (modelCalls) => planExecute({ budget: { modelCalls }, maxReplans: 6, resetTool }),
  'plan-execute-no-replan': (modelCalls) => planExecute({ budget: { modelCalls }, maxReplans: 0 }),
  astar: (modelCalls) => astar({ budget: { modelCalls }, environment }),
  'best-first': (modelCalls) => bestFirst({ budget: { modelCalls }, environment }),
  mcts: (modelCalls) => mcts({ budget: { modelCalls }, environment }),
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

/** Runs every strategy on every task at each p and seed, with `multiple × optimal length + 2` model calls. */
export async function runPlanningBenchmark(settings: {
  tasks: PlanningTask<unknown>[];
  multiple: number;
  ps?: number[];
  seeds?: number[];
  sigma?: number;
  strategies?: string[];
}): Promise<{
  tasks: number;
  budget: string;
  model: string;
  strategies: Record<string, Record<string, PlanningCell>>;
}> {
  const ps = settings.ps ?? [0.5, 0.7, 0.9];
  const seeds = settings.seeds ?? [1, 2, 3];
  const result: Record<string, Record<string, PlanningCell>> = {};
  for (const name of settings.strategies ?? Object.keys(planningStrategies)) {
    const make = planningStrategies[name];
    if (!make)
      throw new TypeError(`There is no planning strategy "${name}": ${Object.keys(planningStrategies).join(', ')}.`);
    result[name] = {};
    for (const p of ps) {
      const outcomes: PlanningOutcome[] = [];
      const successBySeed: number[] = [];
      for (const seed of seeds) {
        let wins = 0;
        for (const [i, task] of settings.tasks.entries()) {
          const budget = settings.multiple * task.optimal.length + 2;
          const model = new SimulatedProposer(task, { p, sigma: settings.sigma ?? 1, seed: seed * 1000 + i });
          const outcome = await runPlanningTask(make(budget), task, model, { maxModelCalls: budget, seed });
          outcomes.push(outcome);
          if (outcome.success) wins++;
        }
        successBySeed.push(round(wins / settings.tasks.length));
      }
      result[name][String(p)] = aggregate(outcomes, successBySeed);
    }
  }
  return {
    tasks: settings.tasks.length,
    budget: `${settings.multiple} x optimal length + 2 model calls (a call with n choices counts once)`,
    model: `SIMULATED proposer (not a language model), sigma ${settings.sigma ?? 1}`,
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

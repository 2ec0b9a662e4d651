import { describe, expect, it } from 'vitest';
import { createBlocksworldTask } from '../../eval/planning/blocksworld.js';
import { FakePlanningKernel } from '../../eval/planning/fake-kernel.js';
import { PlanningEnvironment, resetTool } from '../../eval/planning/planning-environment.js';
import { runPlanningTask } from '../../eval/planning/run-planning-task.js';
import { SimulatedProposer } from '../../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { planExecute } from '../plan-execute/plan-execute.js';
import { astar } from './astar.js';
import { bestFirst } from './best-first.js';
import { mcts } from './mcts.js';

const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;
const task = createToolGraphTask({ seed: 4, depth: 6 });

describe('search planners', () => {
  const strategies = {
    astar: (b: number) => astar({ budget: { modelCalls: b }, environment }),
    'best-first': (b: number) => bestFirst({ budget: { modelCalls: b }, environment }),
    mcts: (b: number) => mcts({ budget: { modelCalls: b }, environment }),
    'plan-execute': (b: number) => planExecute({ budget: { modelCalls: b }, resetTool }),
  };

  for (const [name, make] of Object.entries(strategies)) {
    it(`${name} never spends more model calls than its budget, n choices counting once`, async () => {
      for (const budget of [1, 3, 9]) {
        const model = new SimulatedProposer(task, { p: 0.5, seed: budget });
        const outcome = await runPlanningTask(make(budget), task, model, { maxModelCalls: 1000, seed: 1 });
        expect(outcome.modelCalls).toBeLessThanOrEqual(budget);
        expect(outcome.error).toBeUndefined();
      }
    });

    it(`${name} solves the task with a perfect proposer and commits a valid plan`, async () => {
      const model = new SimulatedProposer(task, { p: 1, sigma: 0, seed: 1 });
      const outcome = await runPlanningTask(make(4 * task.optimal.length + 4), task, model, {
        maxModelCalls: 1000,
        seed: 1,
      });
      expect(outcome.success).toBe(true);
      expect(outcome.costRatio).toBe(1);
    });

    it(`${name} is deterministic given the proposer's seed`, async () => {
      const bw = createBlocksworldTask({ seed: 3, blocks: 5 });
      const once = async () =>
        runPlanningTask(make(20), bw, new SimulatedProposer(bw, { p: 0.7, seed: 9 }), { maxModelCalls: 100, seed: 2 });
      const [a, b] = [await once(), await once()];
      expect({ ...a, wallMs: 0 }).toEqual({ ...b, wallMs: 0 });
    });
  }

  it('explores only with exploration: true and commits the chosen path without it', async () => {
    const env = new PlanningEnvironment(task);
    const kernel = new FakePlanningKernel(new SimulatedProposer(task, { p: 0.7, seed: 3 }), env as never, {
      maxModelCalls: 40,
    });
    await astar({ budget: { modelCalls: 40 }, environment }).run(
      { messages: [{ role: 'user', content: task.goal }] },
      kernel as never,
    );
    const committed = env.executed.filter((call) => !call.exploration);
    expect(committed.every((call) => call.ok)).toBe(true);
    expect(task.isGoal(env.state)).toBe(true);
    expect(env.executed.some((call) => call.exploration)).toBe(true);
  });

  it('never executes a tool that is not declared replayable while exploring', async () => {
    const env = new PlanningEnvironment(task);
    const kernel = new FakePlanningKernel(new SimulatedProposer(task, { p: 0.7, seed: 3 }), env as never, {
      maxModelCalls: 30,
    });
    const mode = { kind: 'reset-replay', resetTool, replayable: ['login'] } as const;
    await bestFirst({ budget: { modelCalls: 30 }, environment: mode }).run(
      { messages: [{ role: 'user', content: task.goal }] },
      kernel as never,
    );
    const explored = env.executed.filter((call) => call.exploration).map((call) => call.action.tool);
    expect(explored.every((tool) => tool === 'login')).toBe(true);
  });

  it('MCTS descends from the root each iteration: a root child with a better value gets visited again', async () => {
    const model = new SimulatedProposer(task, { p: 0.7, sigma: 0, seed: 5 });
    const outcome = await runPlanningTask(mcts({ budget: { modelCalls: 60 }, environment }), task, model, {
      maxModelCalls: 60,
      seed: 5,
    });
    expect(outcome.success).toBe(true);
  });
});

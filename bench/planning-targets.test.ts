import { describe, expect, it } from 'vitest';
import type { PlanningCell, PlanningReport } from '../src/eval/planning/planning-benchmark.js';
import { astarAgainstMcts } from './planning.js';

const cell = (success: number, modelCallsMean: number): PlanningCell => ({
  success,
  modelCallsMean,
  tokensMean: 100,
  choicesMean: modelCallsMean * 5,
  wallMsMean: 1,
  costOverOptimumMean: 1,
  toolErrorsMean: 0,
  decoyUsesMean: 0,
  successBySeed: [success],
});
const report = (multiple: number, astar: PlanningCell, mcts: PlanningCell): PlanningReport => ({
  tasks: 1,
  budget: `${multiple} x optimal length + 2 model calls (a call with n choices counts once)`,
  model: 'test',
  kernel: 'test',
  strategies: { astar: { '0.7': astar }, mcts: { '0.7': mcts } },
});

describe("the target 'A* reaches MCTS's success with at most 1/3 of its model calls'", () => {
  it("compares A*'s cheapest cell that reaches MCTS's best success, and names both budgets", () => {
    const result = astarAgainstMcts(
      [report(2, cell(0.9, 10), cell(0.5, 30)), report(4, cell(1, 11), cell(1, 33))],
      '0.7',
    );
    expect(result).toMatchObject({
      mcts: { budget: '4 x optimal length + 2', success: 1, modelCallsMean: 33 },
      astar: { budget: '4 x optimal length + 2', success: 1, modelCallsMean: 11 },
      callRatio: 0.333,
      met: true,
    });
  });

  it('is missed when A* never reaches MCTS, however cheap it is', () => {
    const result = astarAgainstMcts(
      [report(2, cell(0.97, 2), cell(0.5, 30)), report(4, cell(0.99, 3), cell(1, 33))],
      '0.7',
    );
    expect(result).toMatchObject({ astar: null, callRatio: null, met: false });
  });

  it('is missed when A* reaches MCTS only with more than a third of its calls', () => {
    const result = astarAgainstMcts([report(2, cell(1, 12), cell(1, 34)), report(4, cell(1, 20), cell(1, 40))], '0.7');
    // MCTS's best is its cheaper cell on a tie (34 calls); A*'s cheapest reaching cell has 12.
    expect(result).toMatchObject({ mcts: { modelCallsMean: 34 }, astar: { modelCallsMean: 12 }, met: false });
  });
});

import { describe, expect, it } from 'vitest';
import { createBlocksworldTask } from './blocksworld.js';
import { replayPlan } from './planning-domain.js';
import { createToolGraphTask } from './tool-graph.js';

describe('planning domains', () => {
  it('gives tool-graph tasks an optimal plan that reaches a valid goal, and none cheaper exists', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const task = createToolGraphTask({ seed, depth: 8 });
      const result = replayPlan(task, task.optimal.plan);
      expect(task.isGoal(result.state)).toBe(true);
      expect(result.cost).toBe(task.optimal.cost);
      expect(result.errors + result.decoys).toBe(0);
      // No single action from the start beats the optimum's cost-to-go.
      for (const action of task.actions(task.initial)) {
        const outcome = task.step(task.initial, action);
        if (outcome.ok)
          expect(outcome.cost + task.remaining(outcome.state).cost).toBeGreaterThanOrEqual(task.optimal.cost);
      }
    }
  });

  it('makes decoys poison everything built from them', () => {
    const task = createToolGraphTask({ seed: 3, depth: 8, decoyRate: 1 });
    const decoy = task
      .actions(task.initial)
      .find((action) => task.isDecoy(action) && task.step(task.initial, action).ok);
    expect(decoy).toBeDefined();
    const outcome = task.step(task.initial, decoy!);
    expect(outcome.ok && outcome.state.artifacts.includes(1)).toBe(true);
  });

  it('refuses gated tools before login with a 401', () => {
    const task = createToolGraphTask({ seed: 5, depth: 8, gateRate: 1 });
    const first = task.optimal.plan[0]!;
    expect(first.tool).toBe('login');
    const skip = task.step(task.initial, task.optimal.plan[1]!);
    expect(skip).toMatchObject({ ok: false });
  });

  it('validates Blocksworld moves and finds BFS-optimal plans up to 8 blocks', () => {
    const task = createBlocksworldTask({ seed: 2, blocks: 8 });
    const result = replayPlan(task, task.optimal.plan);
    expect(task.isGoal(result.state)).toBe(true);
    expect(result.errors).toBe(0);
    expect(task.remaining(task.initial).steps).toBe(task.optimal.length);
    const small = createBlocksworldTask({ seed: 1, blocks: 3 });
    const bad = small.step({ on: [1, 3, 3] }, { tool: 'move', input: { block: 'B', to: 'C' } });
    expect(bad).toEqual({ ok: false, code: 'inapplicable', error: 'B is not clear.' });
    expect(small.step({ on: [3, 3, 3] }, { tool: 'move', input: { block: 'A', to: 'A' } }).ok).toBe(false);
  });

  it('is deterministic given a seed', () => {
    expect(createToolGraphTask({ seed: 9 }).tools).toEqual(createToolGraphTask({ seed: 9 }).tools);
    expect(createBlocksworldTask({ seed: 9, blocks: 7 }).goal).toBe(createBlocksworldTask({ seed: 9, blocks: 7 }).goal);
  });
});

import { describe, expect, it } from 'vitest';
import { resetTool } from '../eval/planning/planning-environment.js';
import { runPlanningTask } from '../eval/planning/run-planning-task.js';
import { SimulatedProposer } from '../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../eval/planning/tool-graph.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { planExecute } from '../strategies/plan-execute/plan-execute.js';
import { astar } from '../strategies/search/astar.js';
import { showRun } from './commands/runs.js';
import { memoryIO } from './io.js';

const task = createToolGraphTask({ seed: 4, depth: 6 });

describe('warden runs show: the strategy view', () => {
  it('shows a search tree with votes, values and the chosen path marked', async () => {
    const store = new MemoryRunStore();
    const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;
    const model = new SimulatedProposer(task, { p: 0.7, seed: 3 });
    // Step expansion: its root gets a value call, which the view shows as valued.
    const strategy = astar({ budget: { modelCalls: 30 }, environment, expansion: 'step' });
    const outcome = await runPlanningTask(strategy, task, model, {
      maxModelCalls: 30,
      runtime: createRuntime({ store }),
      runId: 'run_tree',
    });
    expect(outcome.success).toBe(true);
    const io = memoryIO();
    expect(await showRun(store, io, 'run_tree', {})).toBe(0);
    const text = io.out();
    expect(text).toMatch(/Search tree \(astar\): \d+ nodes, \d+ model calls, goal reached; \* marks the chosen path/);
    expect(text).toMatch(/\* #0 \(root\) votes 1\/1 h=[\d.]+ \(valued\) \[expanded\]/);
    const chosen = text.split('\n').filter((line) => line.startsWith('* '));
    expect(chosen.length).toBeGreaterThanOrEqual(task.optimal.length + 1);
    expect(chosen.at(-1)).toMatch(/\[done\]/);
    expect(text).toMatch(/\[pruned\]: Tool "\w+" failed/);
    expect(text).toMatch(/\(exploring\) /);
    expect(text).toMatch(/value: \d+ messages, 0 tools, n=3/);
  });

  it("shows A*'s imagination: plan calls of n choices and the tree of their agreed steps", async () => {
    const store = new MemoryRunStore();
    const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;
    const model = new SimulatedProposer(task, { p: 0.7, seed: 3 });
    const outcome = await runPlanningTask(astar({ budget: { modelCalls: 30 }, environment }), task, model, {
      maxModelCalls: 30,
      runtime: createRuntime({ store }),
      runId: 'run_imagined',
    });
    expect(outcome.success).toBe(true);
    const io = memoryIO();
    expect(await showRun(store, io, 'run_imagined', {})).toBe(0);
    const text = io.out();
    expect(text).toMatch(/plan: \d+ messages, \d+ tools, n=5/);
    const chosen = text.split('\n').filter((line) => line.startsWith('* '));
    expect(chosen.length).toBeGreaterThanOrEqual(task.optimal.length + 1);
    expect(chosen.slice(1).every((line) => / votes [1-5]\/5 /.test(line))).toBe(true);
    expect(chosen.at(-1)).toMatch(/\[done\]/);
  });

  it('shows each plan with its revision, reason and steps', async () => {
    const store = new MemoryRunStore();
    const model = new SimulatedProposer(task, { p: 0.5, seed: 2 });
    await runPlanningTask(planExecute({ budget: { modelCalls: 8 }, resetTool }), task, model, {
      maxModelCalls: 8,
      runtime: createRuntime({ store }),
      runId: 'run_plan',
    });
    const io = memoryIO();
    await showRun(store, io, 'run_plan', {});
    expect(io.out()).toMatch(/Plan revision 0 \(first plan\): \d+ steps\n {2}1\. \w+\(\)/);
    expect(io.out()).toMatch(/strategy-record\s+plan revision 0: \d+ steps \(first plan\)/);
  });
});

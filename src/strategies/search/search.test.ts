import { describe, expect, it } from 'vitest';
import type { RunEvent, ToolCallEvent } from '../../core/events.js';
import { createBlocksworldTask } from '../../eval/planning/blocksworld.js';
import type { PlanningTask } from '../../eval/planning/planning-domain.js';
import { PlanningEnvironment, resetTool, restoreTool, snapshotTool } from '../../eval/planning/planning-environment.js';
import { runPlanningTask } from '../../eval/planning/run-planning-task.js';
import { SimulatedProposer } from '../../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { definePolicy } from '../../policy/define-policy.js';
import type { Policy } from '../../policy/policy.js';
import type { Strategy } from '../strategy.js';
import { astar } from './astar.js';
import { bestFirst } from './best-first.js';
import { mcts } from './mcts.js';
import { PlanMemory } from './plan-memory.js';
import type { SearchTreeRecord } from './search-node.js';

const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;
const task = createToolGraphTask({ seed: 4, depth: 6 });

/** Runs on the real runtime and returns the outcome and the run's journal. */
async function runWithLog(
  strategy: Strategy,
  on: PlanningTask<any>,
  model: SimulatedProposer<any>,
  budget: number,
  policy?: Policy,
) {
  const runtime = createRuntime({ store: new MemoryRunStore() });
  const outcome = await runPlanningTask(strategy, on, model, {
    maxModelCalls: budget,
    runtime,
    runId: 'run_s',
    ...(policy && { policy }),
  });
  return { outcome, events: await runtime.store.readEvents('run_s') };
}

const allowAll = definePolicy({ default: 'allow' });
const toolCalls = (events: RunEvent[]) => events.filter((e): e is ToolCallEvent => e.type === 'tool-call');

describe('search planners on the real kernel', () => {
  const strategies = {
    astar: (b: number) => astar({ budget: { modelCalls: b }, environment }),
    'astar (step expansion)': (b: number) => astar({ budget: { modelCalls: b }, environment, expansion: 'step' }),
    'best-first': (b: number) => bestFirst({ budget: { modelCalls: b }, environment }),
    mcts: (b: number) => mcts({ budget: { modelCalls: b }, environment }),
  };

  for (const [name, make] of Object.entries(strategies)) {
    it(`${name} never spends more model calls than its budget, n choices counting once`, async () => {
      for (const budget of [1, 3, 9]) {
        const model = new SimulatedProposer(task, { p: 0.5, seed: budget });
        const { outcome, events } = await runWithLog(make(budget), task, model, 1000, allowAll);
        expect(outcome.modelCalls).toBeLessThanOrEqual(budget);
        expect(outcome.choices).toBeGreaterThan(outcome.modelCalls);
        expect(outcome.error).toBeUndefined();
        // Every syscall passed the policy and was journaled with its purpose.
        const requests = events.filter((e) => e.type === 'model-request');
        expect(
          requests.every((e) => e.type === 'model-request' && ['act', 'value', 'plan'].includes(e.purpose ?? 'act')),
        ).toBe(true);
        const decisions = events.filter((e) => e.type === 'policy-decision').length;
        expect(decisions).toBeGreaterThanOrEqual(toolCalls(events).length);
      }
    });

    it(`${name} solves the task with a perfect proposer, commits a valid plan and journals its tree`, async () => {
      const model = new SimulatedProposer(task, { p: 1, sigma: 0, seed: 1 });
      const { outcome, events } = await runWithLog(make(4 * task.optimal.length + 4), task, model, 1000);
      expect(outcome.success).toBe(true);
      expect(outcome.costRatio).toBe(1);
      const tree = events.find((e) => e.type === 'strategy-record' && e.kind === 'search-tree');
      const data = (tree as { data: SearchTreeRecord } | undefined)?.data;
      expect(data?.reached).toBe(true);
      expect(data?.chosen).toHaveLength(task.optimal.length + 1);
      expect(data?.nodes.length).toBeGreaterThan(task.optimal.length);
    });

    it(`${name} is deterministic given the proposer's seed`, async () => {
      const bw = createBlocksworldTask({ seed: 3, blocks: 5 });
      const once = async () =>
        (await runWithLog(make(20), bw, new SimulatedProposer(bw, { p: 0.7, seed: 9 }), 100)).outcome;
      const [a, b] = [await once(), await once()];
      expect({ ...a, wallMs: 0 }).toEqual({ ...b, wallMs: 0 });
    });
  }

  it('journals tries as exploration and the chosen path as commitment, after a reset', async () => {
    const model = new SimulatedProposer(task, { p: 0.7, seed: 3 });
    const { outcome, events } = await runWithLog(astar({ budget: { modelCalls: 40 }, environment }), task, model, 40);
    expect(outcome.success).toBe(true);
    const calls = toolCalls(events);
    const committed = calls.filter((call) => !call.exploration);
    expect(committed.map((call) => call.toolName)).not.toContain(resetTool);
    expect(committed.length).toBeGreaterThan(0);
    const lastReset = calls.map((call) => call.toolName).lastIndexOf(resetTool);
    expect(calls.slice(lastReset + 1).every((call) => !call.exploration)).toBe(true);
    expect(calls.slice(0, lastReset).some((call) => call.exploration && call.toolName !== resetTool)).toBe(true);
    const errors = new Set(
      events.filter((e) => e.type === 'tool-error').map((e) => (e as { syscallId: string }).syscallId),
    );
    expect(committed.every((call) => !errors.has(call.syscallId))).toBe(true);
  });

  it('never executes a tool that is not declared replayable while exploring', async () => {
    const mode = { kind: 'reset-replay', resetTool, replayable: ['login'] } as const;
    const model = new SimulatedProposer(task, { p: 0.7, seed: 3 });
    const { events } = await runWithLog(bestFirst({ budget: { modelCalls: 30 }, environment: mode }), task, model, 30);
    const explored = toolCalls(events)
      .filter((call) => call.exploration)
      .map((call) => call.toolName);
    expect(explored.length).toBeGreaterThan(0);
    expect(explored.every((tool) => tool === 'login' || tool === resetTool)).toBe(true);
  });

  it('the policy decides every try: a denied tool is pruned while exploring and never committed', async () => {
    const decoyTask = createToolGraphTask({ seed: 3, depth: 6, decoyRate: 1 });
    const policy = definePolicy({ default: 'allow', rules: [{ id: 'no-quick', tool: 'quick_*', deny: true }] });
    const model = new SimulatedProposer(decoyTask, { p: 0.5, seed: 4 });
    const { outcome, events } = await runWithLog(
      astar({ budget: { modelCalls: 40 }, environment }),
      decoyTask,
      model,
      40,
      policy,
    );
    const denied = events.filter((e) => e.type === 'policy-decision' && e.decision === 'deny');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.type === 'policy-decision' && e.ruleId === 'no-quick')).toBe(true);
    expect(toolCalls(events).some((call) => !call.exploration && call.toolName.startsWith('quick_'))).toBe(false);
    expect(outcome.decoyUses).toBe(0);
  });

  it('snapshot-restore: backtracks by restoring snapshots, never by reset, and commits from the first one', async () => {
    const world = new PlanningEnvironment(task as never, { snapshots: true });
    const mode = { kind: 'snapshot-restore', snapshotTool, restoreTool } as const;
    const runtime = createRuntime({ store: new MemoryRunStore() });
    const model = new SimulatedProposer(task, { p: 0.6, seed: 8 });
    const outcome = await runPlanningTask(astar({ budget: { modelCalls: 40 }, environment: mode }), task, model, {
      maxModelCalls: 40,
      runtime,
      runId: 'run_snap',
      environment: world,
    });
    expect(outcome.success).toBe(true);
    const calls = toolCalls(await runtime.store.readEvents('run_snap'));
    expect(calls.some((call) => call.toolName === resetTool)).toBe(false);
    expect(calls.filter((call) => call.toolName === restoreTool).length).toBeGreaterThan(1);
    expect(
      calls
        .filter((call) => call.toolName === snapshotTool || call.toolName === restoreTool)
        .every((call) => call.exploration),
    ).toBe(true);
    const committed = calls.filter((call) => !call.exploration);
    expect(committed.length).toBeGreaterThanOrEqual(task.optimal.length);
    expect(world.cost).toBeGreaterThanOrEqual(task.optimal.cost);
  });

  it('imagined: nothing runs until the chosen path is committed', async () => {
    const model = new SimulatedProposer(task, { p: 1, sigma: 0, seed: 2 });
    const { outcome, events } = await runWithLog(astar({ budget: { modelCalls: 30 } }), task, model, 30);
    expect(outcome.success).toBe(true);
    expect(toolCalls(events).every((call) => !call.exploration)).toBe(true);
    expect(toolCalls(events)).toHaveLength(task.optimal.length);
  });

  it('MCTS descends from the root each iteration and solves a task at p = 0.7 with exact values', async () => {
    const model = new SimulatedProposer(task, { p: 0.7, sigma: 0, seed: 5 });
    const { outcome, events } = await runWithLog(mcts({ budget: { modelCalls: 60 }, environment }), task, model, 60);
    expect(outcome.success).toBe(true);
    const tree = events.find((e) => e.type === 'strategy-record') as unknown as { data: SearchTreeRecord };
    // The root was visited by every backpropagation: more than any child.
    const root = tree.data.nodes.find((node) => node.parent === null)!;
    const children = tree.data.nodes.filter((node) => node.parent === root.id);
    expect(children.length).toBeGreaterThan(1);
    expect(children.every((child) => child.visits <= root.visits)).toBe(true);
  });

  it("A*'s memory of solved plans makes a second run of the same task cheaper (step expansion: fewer value calls)", async () => {
    const memory = new PlanMemory();
    const run = async () => {
      const model = new SimulatedProposer(task, { p: 0.7, seed: 11 });
      const strategy = astar({ budget: { modelCalls: 40 }, environment, memory, expansion: 'step' });
      return (await runWithLog(strategy, task, model, 40)).outcome;
    };
    const first = await run();
    expect(first.success).toBe(true);
    expect(memory.size).toBe(1);
    const second = await run();
    expect(second.success).toBe(true);
    expect(second.byPurpose.value ?? 0).toBeLessThan(first.byPurpose.value ?? 0);
  });

  it("A*'s memory of solved plans is followed by imagination at no model call: the second run needs fewer calls", async () => {
    const deeper = createToolGraphTask({ seed: 2, depth: 12 });
    const memory = new PlanMemory();
    const run = async () => {
      const model = new SimulatedProposer(deeper, { p: 0.5, seed: 11 });
      return (await runWithLog(astar({ budget: { modelCalls: 40 }, environment, memory }), deeper, model, 40)).outcome;
    };
    const first = await run();
    expect(first.success).toBe(true);
    expect(first.modelCalls).toBeGreaterThan(2);
    const second = await run();
    expect(second.success).toBe(true);
    // One call from the root (the remembered plan followed, validated, its end estimated 0), one confirming it.
    expect(second.modelCalls).toBe(2);
    expect(second.costRatio).toBe(first.costRatio);
  });
});

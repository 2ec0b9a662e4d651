import { describe, expect, it } from 'vitest';
import { runPlanningTask } from '../../eval/planning/run-planning-task.js';
import { resetTool } from '../../eval/planning/planning-environment.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { PlanFormatError, parsePlan } from './plan.js';
import { planExecute } from './plan-execute.js';

const tools = new Set(['move', 'login']);

describe('parsePlan', () => {
  it('reads a fenced JSON plan into typed steps', () => {
    const plan = parsePlan(
      '```json\n{"steps":[{"tool":"move","input":{"block":"A"},"expect":"A moved"}]}\n```',
      2,
      tools,
    );
    expect(plan).toEqual({ revision: 2, steps: [{ tool: 'move', input: { block: 'A' }, expect: 'A moved' }] });
  });

  it.each([
    ['no JSON', 'I will move A', 'no JSON object'],
    ['broken JSON', '{"steps": [', 'no JSON object'],
    ['steps not a list', '{"steps": 3}', '"steps" is not a list'],
    ['unknown tool', '{"steps":[{"tool":"rm_rf"}]}', 'unknown tool "rm_rf"'],
    ['missing tool', '{"steps":[{"input":{}}]}', 'step 1 has no "tool"'],
  ])('rejects %s with a typed error that says what to do', (_name, text, problem) => {
    expect(() => parsePlan(text, 0, tools)).toThrow(PlanFormatError);
    expect(() => parsePlan(text, 0, tools)).toThrow(problem);
  });
});

describe('planExecute', () => {
  it('replans after a failed step, and without replanning stops', async () => {
    const task = createToolGraphTask({ seed: 6, depth: 6, gateRate: 1 });
    const optimal = task.optimal.plan;
    const skipLogin = JSON.stringify({ steps: optimal.slice(1) });
    const full = JSON.stringify({ steps: optimal });
    const script = () => new ScriptedModel([{ text: skipLogin }, { text: full }, { text: 'Done.' }]);
    const replanning = await runPlanningTask(planExecute({ budget: { modelCalls: 5 } }), task, script(), {
      maxModelCalls: 5,
    });
    expect(replanning.success).toBe(true);
    expect(replanning.modelCalls).toBe(3);
    const once = await runPlanningTask(planExecute({ budget: { modelCalls: 5 }, maxReplans: 0 }), task, script(), {
      maxModelCalls: 5,
    });
    expect(once.success).toBe(false);
    expect(once.modelCalls).toBe(1);
  });

  it('reports an unreadable plan as a plan_format error, not as success', async () => {
    const task = createToolGraphTask({ seed: 6, depth: 6 });
    const outcome = await runPlanningTask(
      planExecute({ budget: { modelCalls: 3 } }),
      task,
      new ScriptedModel([{ text: 'no plan' }]),
      {
        maxModelCalls: 3,
      },
    );
    expect(outcome).toMatchObject({ success: false, error: 'plan_format' });
  });

  it('with a reset tool, starts over when the finished plan did not reach the goal', async () => {
    const task = createToolGraphTask({ seed: 6, depth: 6, decoyRate: 1 });
    const optimal = task.optimal.plan;
    // The first plan takes a decoy at its last step: every call succeeds but the artifact is invalid.
    const decoy = task
      .actions(task.initial)
      .find((a) => task.isDecoy(a) && a.tool.endsWith(optimal.at(-1)!.tool.split('_').pop()!));
    expect(decoy).toBeDefined();
    const poisoned = JSON.stringify({ steps: [...optimal.slice(0, -1), decoy] });
    const script = new ScriptedModel([
      { text: poisoned },
      { toolCalls: [{ name: optimal[0]!.tool, input: {} }] },
      { text: JSON.stringify({ steps: optimal }) },
      { text: 'Done.' },
    ]);
    const outcome = await runPlanningTask(planExecute({ budget: { modelCalls: 6 }, resetTool }), task, script, {
      maxModelCalls: 6,
    });
    expect(outcome).toMatchObject({ success: true, modelCalls: 4, decoyUses: 1 });
  });
});

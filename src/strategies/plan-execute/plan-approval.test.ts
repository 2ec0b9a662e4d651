import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { PlanningEnvironment } from '../../eval/planning/planning-environment.js';
import { planningTools } from '../../eval/planning/planning-toolkit.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { definePolicy } from '../../policy/define-policy.js';
import type { Policy } from '../../policy/policy.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import { type PlanExecuteOptions, planExecute } from './plan-execute.js';

const task = createToolGraphTask({ seed: 6, depth: 6, gateRate: 1 });
const optimal = task.optimal.plan;
const skipLogin = JSON.stringify({ steps: optimal.slice(1) });
const full = JSON.stringify({ steps: optimal });

function setup(policy: Policy, script: ScriptedStep[], options: Partial<PlanExecuteOptions> = {}) {
  const store = new MemoryRunStore();
  const runtime = createRuntime({ store });
  const world = new PlanningEnvironment(task as never);
  const model = new ScriptedModel(script);
  const agent = defineAgent({
    name: 'planner',
    model,
    tools: planningTools(world),
    policy,
    strategy: planExecute({ budget: { modelCalls: 6 }, ...options }),
  });
  return { store, runtime, world, agent, model };
}

const planRecords = (events: RunEvent[]) => events.filter((e) => e.type === 'strategy-record' && e.kind === 'plan');
const planDecisions = (events: RunEvent[]) => events.filter((e) => e.type === 'policy-decision' && e.action === 'plan');

describe('plan approval', () => {
  it('journals every plan and asks a human for each one, the replan included, saying it is a replan', async () => {
    const policy = definePolicy({ default: 'allow', rules: [{ id: 'plans-need-a-human', action: 'plan', ask: true }] });
    const { store, runtime, world, agent } = setup(policy, [{ text: skipLogin }, { text: full }, { text: 'Done.' }]);
    const first = await runtime.run(agent, task.goal, { runId: 'run_plan' });
    expect(first.status).toBe('awaiting_approval');
    expect(world.applied).toHaveLength(0); // nothing ran before the approval
    const [pending] = await runtime.approvals.pending('run_plan');
    expect(pending?.toolName).toBe('plan:plan-0');
    await runtime.approvals.approve(pending!.approvalId, { by: 'ops' });

    // The first plan fails at its first step (no login): the replan is asked again, not silently trusted.
    const second = await runtime.resume(agent, 'run_plan');
    expect(second.status).toBe('awaiting_approval');
    const [replan] = await runtime.approvals.pending('run_plan');
    expect(replan?.toolName).toBe('plan:replan-1');
    expect(replan?.input).toMatchObject({
      replan: true,
      approvedBefore: true,
      reason: expect.stringMatching(/failed: 401/),
    });
    await runtime.approvals.approve(replan!.approvalId);

    const third = await runtime.resume(agent, 'run_plan');
    expect(third.status).toBe('completed');
    expect(task.isGoal(world.state as never)).toBe(true);
    const events = await store.readEvents('run_plan');
    expect(planRecords(events)).toHaveLength(2);
    expect(planDecisions(events).map((e) => e.type === 'policy-decision' && e.decision)).toEqual(['ask', 'ask']);
    // Resuming replayed the approved first plan: its steps did not run twice.
    expect(new Set(world.applied).size).toBe(world.applied.length);
  });

  it('a policy that denies replans stops the run after the first plan fails', async () => {
    const policy = definePolicy({
      default: 'allow',
      rules: [{ id: 'no-replans', action: 'plan', deny: { 'args.replan': true } }],
    });
    const { store, runtime, world, agent } = setup(policy, [{ text: skipLogin }, { text: full }, { text: 'Done.' }]);
    const result = await runtime.run(agent, task.goal, { runId: 'run_deny' });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/Policy denied the replan \(revision 1\) by rule no-replans/);
    expect(task.isGoal(world.state as never)).toBe(false);
    const decisions = planDecisions(await store.readEvents('run_deny'));
    expect(decisions.map((e) => e.type === 'policy-decision' && e.decision)).toEqual(['allow', 'deny']);
  });

  it('a human who denies the plan stops it before any step runs', async () => {
    const policy = definePolicy({ default: 'allow', rules: [{ id: 'ask', action: 'plan', ask: true }] });
    const { runtime, world, agent } = setup(policy, [{ text: full }, { text: 'Done.' }]);
    await runtime.run(agent, task.goal, { runId: 'run_no' });
    const [pending] = await runtime.approvals.pending('run_no');
    await runtime.approvals.deny(pending!.approvalId, { reason: 'too risky' });
    const result = await runtime.resume(agent, 'run_no');
    expect(result.status).not.toBe('completed');
    expect(world.applied).toHaveLength(0);
  });

  it('checks milestones: a failed check replans, and each check is journaled', async () => {
    const marked = JSON.stringify({
      steps: optimal.map((step, i) => (i === 1 ? { ...step, milestone: 'half' } : step)),
    });
    let checks = 0;
    const { store, runtime, world, agent } = setup(
      definePolicy({ default: 'allow' }),
      [{ text: marked }, { text: JSON.stringify({ steps: optimal.slice(2) }) }, { text: 'Done.' }],
      { milestoneCheck: () => ++checks > 1 },
    );
    const result = await runtime.run(agent, task.goal, { runId: 'run_ms' });
    expect(result.status).toBe('completed');
    const events = await store.readEvents('run_ms');
    const records = events.filter((e) => e.type === 'strategy-record' && e.kind === 'milestone');
    expect(records.map((e) => e.type === 'strategy-record' && (e.data as { reached: boolean }).reached)).toEqual([
      false,
    ]);
    expect(planRecords(events)).toHaveLength(2);
    expect(task.isGoal(world.state as never)).toBe(true);
  });
});

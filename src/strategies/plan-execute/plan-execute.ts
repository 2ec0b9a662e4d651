import type { JsonValue } from '../../core/json.js';
import type { Message } from '../../core/messages.js';
import type { AgentKernel, GenerateRequest, ToolCallResult } from '../../kernel/agent-kernel.js';
import { type PathStep, pathMessages } from '../search/search-environment.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { type Plan, type PlanStep, parsePlan, planRequest } from './plan.js';

/** What the evaluator says of one executed step. */
export type StepVerdict = 'ok' | 'deviation';

/** Judges an executed step against its expected outcome. The default: a tool error is a deviation. */
export type StepEvaluator = (step: PlanStep, result: ToolCallResult) => StepVerdict | Promise<StepVerdict>;

/** Checks a subgoal milestone after the step that marks it. The default: the step succeeded. */
export type MilestoneCheck = (milestone: string, result: ToolCallResult) => boolean | Promise<boolean>;

/** Settings of plan-and-execute. */
export interface PlanExecuteOptions {
  /** Model calls the strategy may make (plans, retries, checks). */
  budget: { modelCalls: number };
  /** Replans after a deviation, failure or unmet goal. 0 disables replanning. @default 3 */
  maxReplans?: number;
  /** Retries of a failed step (an `act` call for that step) before replanning. @default 0 */
  stepRetries?: number;
  evaluator?: StepEvaluator;
  milestoneCheck?: MilestoneCheck;
  /** A reset tool of the toolkit: a replan after an unmet goal starts over from a clean state. */
  resetTool?: string;
  /** Called with each plan once the policy (or a human) allowed it, before it runs. */
  onPlan?: (plan: Plan) => void | Promise<void>;
}

const defaultEvaluator: StepEvaluator = (_step, result) => (result.isError ? 'deviation' : 'ok');
const defaultMilestone: MilestoneCheck = (_milestone, result) => !result.isError;

/**
 * Plan-and-execute. A tool-less `plan` model call writes a typed plan; it is journaled (`strategy-record`
 * of kind `plan`) and submitted to the kernel as a `plan` action, which the policy decides and may send to a
 * human (the run suspends until the approval is answered). Each step runs as a `plan`-origin tool call,
 * judged by the evaluator; a step marking a milestone is also checked. A deviation gets up to `stepRetries`
 * `act` calls for that step, then a replan from the current state, told what failed, at most `maxReplans`
 * times. Every replan is a new `plan` action saying it is a replan, why, and whether an earlier plan was
 * approved: the policy decides it again, it is never silently trusted. When the plan is done, one `verify`
 * call asks whether the goal is reached (an answer without a tool call); if not, that replans too.
 */
export function planExecute(options: PlanExecuteOptions): Strategy {
  return {
    name: options.maxReplans === 0 ? 'plan-execute-no-replan' : 'plan-execute',
    run: (input, kernel) => run(input, kernel, options),
  };
}

async function run(input: StrategyInput, kernel: AgentKernel, options: PlanExecuteOptions): Promise<StrategyResult> {
  const evaluate = options.evaluator ?? defaultEvaluator;
  const checkMilestone = options.milestoneCheck ?? defaultMilestone;
  const maxReplans = options.maxReplans ?? 3;
  const tools = [...kernel.toolNames].filter((name) => name !== options.resetTool);
  const toolSet = new Set(tools);
  let used = 0;
  let ids = 0;
  let approvedBefore = false;
  let reason = 'first plan';
  const history: PathStep[] = [];
  const plans: Plan[] = [];
  const milestones: Array<{ milestone: string; reached: boolean; revision: number }> = [];
  const generate = (request: GenerateRequest) => {
    used++;
    kernel.beginStep();
    return kernel.generate(request);
  };
  const left = () => options.budget.modelCalls - used;
  const conversation = (): Message[] => pathMessages(input.messages, history, input.instructions);

  for (let revision = 0; revision <= maxReplans && left() > 0; revision++) {
    const messages = conversation();
    if (revision > 0) messages.push({ role: 'user', content: `The last plan did not work: ${reason}.` });
    messages.push({ role: 'user', content: planRequest });
    const answer = await generate({ messages, tools: false, purpose: 'plan' });
    const plan = parsePlan(answer.text, revision, toolSet);
    plans.push(plan);
    kernel.record('plan', { revision, reason, steps: plan.steps as unknown as JsonValue });
    await kernel.approvePlan({ revision, steps: plan.steps, replan: revision > 0, reason, approvedBefore });
    approvedBefore = true;
    await options.onPlan?.(plan);
    const failure = await execute(plan);
    if (failure) {
      reason = failure;
      continue;
    }
    if (left() <= 0) break;
    const check = await generate({ messages: conversation(), tools, purpose: 'verify' });
    if (check.toolCalls.length === 0) return finish(true);
    reason = 'every step ran, but the goal is not reached';
    if (options.resetTool && revision < maxReplans) {
      await kernel.callTools([{ toolCallId: `plan_${++ids}`, toolName: options.resetTool, input: {} }], {
        origin: 'plan',
      });
      history.length = 0;
      reason += ' (the environment was reset)';
    }
  }
  return finish(false);

  /** Runs the plan's steps; returns why it stopped early, or undefined when every step went as planned. */
  async function execute(plan: Plan): Promise<string | undefined> {
    for (const [index, step] of plan.steps.entries()) {
      let result = await call(step.tool, step.input, 'plan');
      for (
        let retry = 0;
        (await evaluate(step, result)) === 'deviation' && retry < (options.stepRetries ?? 0);
        retry++
      ) {
        if (left() <= 0) break;
        const act = await generate({ messages: conversation(), tools, purpose: 'act' });
        const proposed = act.toolCalls[0];
        if (!proposed) break;
        const [retried] = await kernel.callTools([proposed], { origin: 'model' });
        result = retried as ToolCallResult;
        if (!result.isError)
          history.push({ tool: result.toolName, input: asRecord(result.input), output: result.output });
      }
      if ((await evaluate(step, result)) === 'deviation') {
        return `step ${index + 1} (${step.tool}) failed: ${typeof result.output === 'string' ? result.output : JSON.stringify(result.output)}`;
      }
      if (step.milestone) {
        const reached = await checkMilestone(step.milestone, result);
        milestones.push({ milestone: step.milestone, reached, revision: plan.revision });
        kernel.record('milestone', { milestone: step.milestone, reached, revision: plan.revision, step: index + 1 });
        if (!reached) return `milestone "${step.milestone}" (step ${index + 1}) was not reached`;
      }
    }
    return undefined;
  }

  async function call(tool: string, toolInput: Record<string, unknown>, origin: 'plan'): Promise<ToolCallResult> {
    const [result] = await kernel.callTools([{ toolCallId: `plan_${++ids}`, toolName: tool, input: toolInput }], {
      origin,
    });
    const done = result as ToolCallResult;
    if (!done.isError) history.push({ tool, input: toolInput, output: done.output });
    return done;
  }

  function finish(reached: boolean): StrategyResult {
    const text = reached ? 'Done.' : 'Stopped: the plan did not reach the goal within its budget.';
    return { text, output: { reached, plans, milestones } };
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

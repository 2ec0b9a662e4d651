import type { Message } from '../../core/messages.js';
import type { AgentKernel, ToolCallResult } from '../../kernel/agent-kernel.js';
import { type PathStep, pathMessages } from '../search/search-environment.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { type Plan, type PlanStep, parsePlan, planRequest } from './plan.js';

/** What the evaluator says of one executed step. */
export type StepVerdict = 'ok' | 'deviation';

/** Judges an executed step against its expected outcome. The default: a tool error is a deviation. */
export type StepEvaluator = (step: PlanStep, result: ToolCallResult) => StepVerdict | Promise<StepVerdict>;

/** Settings of plan-and-execute. */
export interface PlanExecuteOptions {
  /** Model calls the strategy may make (plans, retries, checks). */
  budget: { modelCalls: number };
  /** Replans after a deviation, failure or unmet goal. 0 disables replanning. @default 3 */
  maxReplans?: number;
  /** Retries of a failed step (an `act` call for that step) before replanning. @default 0 */
  stepRetries?: number;
  evaluator?: StepEvaluator;
  /** A reset tool of the toolkit: a replan after an unmet goal starts over from a clean state. */
  resetTool?: string;
  /** Called with each plan before it runs (inspection, approval hooks). */
  onPlan?: (plan: Plan) => void | Promise<void>;
}

const defaultEvaluator: StepEvaluator = (_step, result) => (result.isError ? 'deviation' : 'ok');

/**
 * Plan-and-execute: a tool-less `plan` model call writes a typed plan (parsed and returned in the output);
 * each step runs as a `plan`-origin tool call and is judged by the evaluator; a deviation gets up to
 * `stepRetries` act-calls for that step, then a replan from the current state, at most `maxReplans` times.
 * When the plan is done, one `verify` call asks whether the goal is reached (the model answers without a
 * tool call); if not, that also replans.
 */
export function planExecute(options: PlanExecuteOptions): Strategy {
  return {
    name: options.maxReplans === 0 ? 'plan-execute-no-replan' : 'plan-execute',
    run: (input, kernel) => run(input, kernel as unknown as AgentKernel, options),
  };
}

async function run(input: StrategyInput, kernel: AgentKernel, options: PlanExecuteOptions): Promise<StrategyResult> {
  const evaluate = options.evaluator ?? defaultEvaluator;
  const maxReplans = options.maxReplans ?? 3;
  const tools = [...kernel.toolNames].filter((name) => name !== options.resetTool);
  const toolSet = new Set(tools);
  let used = 0;
  let ids = 0;
  const history: PathStep[] = [];
  const plans: Plan[] = [];
  const generate = (request: Parameters<AgentKernel['generate']>[0]) => {
    used++;
    kernel.beginStep();
    return kernel.generate(request);
  };
  const left = () => options.budget.modelCalls - used;
  const conversation = (): Message[] => pathMessages(input.messages, history, input.instructions);

  for (let revision = 0; revision <= maxReplans && left() > 0; revision++) {
    const messages = conversation();
    messages.push({ role: 'user', content: planRequest });
    const answer = await generate({ messages, tools: false, purpose: 'plan' });
    const plan = parsePlan(answer.text, revision, toolSet);
    plans.push(plan);
    await options.onPlan?.(plan);
    let deviated = false;
    for (const step of plan.steps) {
      let result = await execute(step);
      for (
        let retry = 0;
        (await evaluate(step, result)) === 'deviation' && retry < (options.stepRetries ?? 0);
        retry++
      ) {
        if (left() <= 0) break;
        const act = await generate({ messages: conversation(), tools, purpose: 'act' });
        const call = act.toolCalls[0];
        if (!call) break;
        result = (await kernel.callTools([call], { origin: 'model' }))[0] as ToolCallResult;
        if (!result.isError)
          history.push({ tool: call.toolName, input: result.input as Record<string, unknown>, output: result.output });
      }
      if ((await evaluate(step, result)) === 'deviation') {
        deviated = true;
        break;
      }
    }
    if (deviated) continue;
    if (left() <= 0) break;
    const check = await generate({ messages: conversation(), tools, purpose: 'verify' });
    if (check.toolCalls.length === 0) return finish(true);
    if (options.resetTool && revision < maxReplans) {
      await kernel.callTools([{ toolCallId: `plan_${++ids}`, toolName: options.resetTool, input: {} }], {
        origin: 'plan',
      });
      history.length = 0;
    }
  }
  return finish(false);

  async function execute(step: PlanStep): Promise<ToolCallResult> {
    const [result] = await kernel.callTools([{ toolCallId: `plan_${++ids}`, toolName: step.tool, input: step.input }], {
      origin: 'plan',
    });
    const done = result as ToolCallResult;
    if (!done.isError) history.push({ tool: step.tool, input: step.input, output: done.output });
    return done;
  }

  function finish(reached: boolean): StrategyResult {
    const text = reached ? 'Done.' : 'Stopped: the plan did not reach the goal within its budget.';
    return { text, output: { reached, plans } };
  }
}

import type { LanguageModel } from '../../models/language-model.js';
import type { Strategy } from '../../strategies/strategy.js';
import { FakePlanningKernel } from './fake-kernel.js';
import type { PlanningTask } from './planning-domain.js';
import { PlanningEnvironment } from './planning-environment.js';

/** The measured outcome of one strategy on one task. */
export interface PlanningOutcome {
  taskId: string;
  success: boolean;
  modelCalls: number;
  choices: number;
  tokens: number;
  wallMs: number;
  /** Committed plan cost over the optimum (1 = optimal); undefined when the task failed. */
  costRatio?: number;
  toolErrors: number;
  decoyUses: number;
  /** What stopped the run early, if anything (budget, a model-format error). */
  error?: string;
}

/** Runs `strategy` on `task` against the in-memory planning kernel, with a hard cap of model calls. */
export async function runPlanningTask<S>(
  strategy: Strategy,
  task: PlanningTask<S>,
  model: LanguageModel,
  settings: { maxModelCalls: number; seed: number },
): Promise<PlanningOutcome> {
  const environment = new PlanningEnvironment(task);
  const kernel = new FakePlanningKernel(model, environment as PlanningEnvironment<unknown>, {
    maxModelCalls: settings.maxModelCalls,
    seed: settings.seed,
    name: `${task.id}:${strategy.name}`,
  });
  const started = performance.now();
  let error: string | undefined;
  try {
    // strategy.ts still names the old kernel type; the fake implements the new strategy-facing interface.
    await strategy.run({ messages: [{ role: 'user', content: task.goal }] }, kernel as never);
  } catch (caught) {
    error = caught instanceof Error ? ((caught as { code?: string }).code ?? caught.message) : String(caught);
  }
  const success = task.isGoal(environment.state);
  const outcome: PlanningOutcome = {
    taskId: task.id,
    success,
    modelCalls: kernel.counters.modelCalls,
    choices: kernel.counters.choices,
    tokens: kernel.counters.usage.totalTokens,
    wallMs: performance.now() - started,
    toolErrors: environment.toolErrors,
    decoyUses: environment.decoyUses,
  };
  if (success) outcome.costRatio = environment.cost / task.optimal.cost;
  if (error) outcome.error = error;
  return outcome;
}

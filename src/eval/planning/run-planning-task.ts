import type { RunEvent } from '../../core/events.js';
import type { LanguageModel } from '../../models/language-model.js';
import type { Policy } from '../../policy/policy.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime, type Runtime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import type { Strategy } from '../../strategies/strategy.js';
import type { PlanningTask } from './planning-domain.js';
import { PlanningEnvironment } from './planning-environment.js';
import { type PlanningToolkitOptions, planningTools } from './planning-toolkit.js';

/** The measured outcome of one strategy on one task. */
export interface PlanningOutcome {
  taskId: string;
  runId: string;
  status: string;
  success: boolean;
  /** Model-call syscalls: a call with n choices counts once. */
  modelCalls: number;
  /** Choices over all model calls. */
  choices: number;
  /** Model calls by purpose (`act`, `plan`, `value`, `verify`, …). */
  byPurpose: Record<string, number>;
  tokens: number;
  wallMs: number;
  /** Committed plan cost over the optimum (1 = optimal); undefined when the task failed. */
  costRatio?: number;
  /** Tool errors of committed (non-exploration) calls. */
  toolErrors: number;
  /** Committed calls of decoy tools. */
  decoyUses: number;
  /** Tool calls a planner made while exploring (journaled with `exploration`). */
  explorationCalls: number;
  /** What stopped the run early, if anything (budget, a model-format error). */
  error?: string;
}

/** Settings of one planning run. */
export interface PlanningRunSettings {
  maxModelCalls: number;
  runId?: string;
  /** @default a new runtime over an in-memory store */
  runtime?: Runtime;
  policy?: Policy;
  toolkit?: PlanningToolkitOptions;
  /** The live environment to act on. @default a fresh one */
  environment?: PlanningEnvironment<unknown>;
}

/**
 * Runs `strategy` on `task` on the REAL runtime and kernel: the task's tools are Warden tools over a live
 * environment, every model call and tool call passes the kernel's pipeline (policy, budget, journal), and the
 * counts are read back from the run's journal. The model-call cap is the run's `maxSteps` (act calls) and the
 * strategy's own budget (every call); the journal's count is what is reported.
 */
export async function runPlanningTask<S>(
  strategy: Strategy,
  task: PlanningTask<S>,
  model: LanguageModel,
  settings: PlanningRunSettings,
): Promise<PlanningOutcome> {
  const environment = settings.environment ?? new PlanningEnvironment(task as PlanningTask<unknown>);
  const runtime = settings.runtime ?? createRuntime({ store: new MemoryRunStore() });
  const agent = defineAgent({
    name: 'planner',
    model,
    tools: planningTools(environment, settings.toolkit),
    strategy,
    budget: { maxSteps: settings.maxModelCalls },
    ...(settings.policy && { policy: settings.policy }),
  });
  const runId = settings.runId ?? `${task.id}-${strategy.name}`;
  const started = performance.now();
  const result = await runtime.run(agent, task.goal, { runId });
  const wallMs = performance.now() - started;
  const events = await runtime.store.readEvents(runId);
  return measure(task, environment, events, { runId, status: result.status, wallMs, error: result.error?.code });
}

/** Reads a run's counts off its journal and judges success on the live environment. */
export function measure<S>(
  task: PlanningTask<S>,
  environment: PlanningEnvironment<unknown>,
  events: readonly RunEvent[],
  run: { runId: string; status: string; wallMs: number; error?: string },
): PlanningOutcome {
  let modelCalls = 0;
  let choices = 0;
  let tokens = 0;
  let toolErrors = 0;
  let decoyUses = 0;
  let explorationCalls = 0;
  const byPurpose: Record<string, number> = {};
  const committed = new Set<string>();
  for (const event of events) {
    if (event.type === 'model-request') {
      modelCalls++;
      choices += event.n ?? 1;
      const purpose = event.purpose ?? 'act';
      byPurpose[purpose] = (byPurpose[purpose] ?? 0) + 1;
    } else if (event.type === 'model-response') tokens += event.usage.totalTokens;
    else if (event.type === 'tool-call') {
      if (event.exploration) explorationCalls++;
      else {
        committed.add(event.syscallId);
        if (task.isDecoy({ tool: event.toolName, input: {} })) decoyUses++;
      }
    } else if (event.type === 'tool-error' && committed.has(event.syscallId)) toolErrors++;
  }
  const success = task.isGoal(environment.state as S);
  const outcome: PlanningOutcome = {
    taskId: task.id,
    runId: run.runId,
    status: run.status,
    success,
    modelCalls,
    choices,
    byPurpose,
    tokens,
    wallMs: run.wallMs,
    toolErrors,
    decoyUses,
    explorationCalls,
  };
  if (success) outcome.costRatio = environment.cost / task.optimal.cost;
  if (run.error && !success) outcome.error = run.error;
  return outcome;
}

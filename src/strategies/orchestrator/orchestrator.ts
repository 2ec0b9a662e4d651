import { WardenError } from '../../core/errors/warden-error.js';
import type { AgentKernel, SpawnableAgent, SpawnResult } from '../../kernel/agent-kernel.js';
import type { Budget } from '../../kernel/budget.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { type ProgressItem, ProgressList } from './progress-list.js';

/** What the planner asks an actor to be. */
export interface ActorSpec {
  /** A short role, e.g. `researcher`. */
  role: string;
  /** The actor's instructions: its role composed with the subtask. */
  instructions: string;
  /** Tools it gets: always a subset of the parent's visible tools. */
  tools: string[];
  task: string;
}

/** Builds the agent for an actor (see `createActorFactory` in the runtime). */
export type ActorFactory = (spec: ActorSpec) => SpawnableAgent;

/** Settings of the orchestrator. */
export interface OrchestratorOptions {
  createActor: ActorFactory;
  /** Model calls of the planner (plans and replans). @default 4 */
  plannerCalls?: number;
  /** Replans after an actor stalls or fails. @default 2 */
  maxReplans?: number;
  /** Each actor's own budget (capped by what the parent has left). @default { maxSteps: 8 } */
  actorBudget?: Budget;
  /** Whether an actor's result is progress. The default: the child completed and did not say STALLED. */
  isProgress?: (result: SpawnResult) => boolean;
}

/** The planner's request. */
export const orchestratorPlanRequest =
  'Break the goal into subtasks for actors. Reply with only JSON: {"tasks": [{"task": "<what to do>", "role": "<actor role>", "tools": ["<tool>", …]}]}. Give each actor only the tools its subtask needs. An empty list means the goal is reached.';

/** The planner's answer was not a task list. */
export class OrchestratorPlanError extends WardenError {
  constructor(problem: string, text: string) {
    super({
      code: 'orchestrator_plan',
      fault: 'model',
      message: `The planner's task list could not be read: ${problem}. Ask for JSON {"tasks": [{"task", "role", "tools"}]}.`,
      data: { text: text.slice(0, 500) },
    });
  }
}

const defaultProgress = (result: SpawnResult) => result.status === 'completed' && !/\bSTALLED\b/.test(result.text);

/**
 * An orchestrator of actors (Aime): a planner (a `plan` model call) keeps a shared progress list; for each
 * pending subtask an actor factory composes an actor (role, instructions, tools never more than the parent's)
 * and runs it with the kernel's `spawn`, so the policy decides it, the child runs under the intersection of
 * its policy and the parent's, and its budget draws on the parent's. Actors report through their answer; an
 * actor that stalls (fails, runs out of budget, or says STALLED) marks its subtask stalled and the planner
 * replans from the list, at most `maxReplans` times.
 */
export function orchestrator(options: OrchestratorOptions): Strategy {
  return { name: 'orchestrator', run: (input, kernel) => orchestrate(input, kernel, options) };
}

async function orchestrate(
  input: StrategyInput,
  kernel: AgentKernel,
  options: OrchestratorOptions,
): Promise<StrategyResult> {
  const progress = new ProgressList(kernel);
  const isProgress = options.isProgress ?? defaultProgress;
  let plannerCalls = 0;
  let replans = 0;
  const reports: string[] = [];
  const goal = input.messages;

  const plan = async (why: string): Promise<void> => {
    if (plannerCalls >= (options.plannerCalls ?? 4)) throw new OrchestratorPlanError('the planner budget ran out', why);
    plannerCalls++;
    kernel.beginStep();
    const messages = [
      ...(input.instructions ? [{ role: 'system' as const, content: input.instructions }] : []),
      ...goal,
      { role: 'user' as const, content: `Progress so far:\n${progress.text()}\n${why}\n\n${orchestratorPlanRequest}` },
    ];
    const answer = await kernel.generate({ messages, tools: false, purpose: 'plan' });
    progress.plan(parseTasks(answer.text, kernel.toolNames));
  };

  await plan('Nothing has been done yet.');
  for (let item = progress.next(); item; item = progress.next()) {
    const result = await runActor(item);
    if (isProgress(result)) {
      progress.update(item, { status: 'done', note: clip(result.text) });
      reports.push(`${item.task}: ${result.text}`);
      continue;
    }
    progress.update(item, {
      status: result.status === 'completed' ? 'stalled' : 'failed',
      note: clip(result.text || (result.error?.message ?? result.status)),
    });
    if (replans >= (options.maxReplans ?? 2)) break;
    replans++;
    await plan(`The actor for "${item.task}" stalled: ${clip(result.text || result.status)}. Replan what is left.`);
  }
  // Reached when the latest plan's subtasks are all done (an empty latest plan: the planner says so).
  const latest = progress.items.filter((entry) => entry.revision === progress.revision);
  const reached = progress.items.some((entry) => entry.status === 'done') && latest.every((e) => e.status === 'done');
  const text = reports.join('\n');
  return { text: text || 'No subtask was completed.', output: { reached, progress: progress.items, replans } };

  async function runActor(item: ProgressItem): Promise<SpawnResult> {
    const allowed = item.tools.filter((tool) => kernel.toolNames.has(tool));
    const actor = options.createActor({
      role: item.role,
      task: item.task,
      tools: allowed,
      instructions: `You are the ${item.role}. Your subtask: ${item.task}. Report what you did; if you cannot make progress, say STALLED and why.`,
    });
    progress.update(item, { status: 'running' });
    const result = await kernel.spawn(actor, item.task, { budget: options.actorBudget ?? { maxSteps: 8 } });
    item.actor = result.runId;
    return result;
  }
}

/** Reads the planner's task list; tools the parent does not have are refused, never passed on. */
export function parseTasks(
  text: string,
  parentTools: ReadonlySet<string>,
): Array<Pick<ProgressItem, 'task' | 'role' | 'tools'>> {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new OrchestratorPlanError('no JSON object', text);
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new OrchestratorPlanError(`invalid JSON (${(error as Error).message})`, text);
  }
  const tasks = (value as { tasks?: unknown }).tasks;
  if (!Array.isArray(tasks)) throw new OrchestratorPlanError('"tasks" is not a list', text);
  return tasks.map((entry, i) => {
    const { task, role, tools } = (entry ?? {}) as Record<string, unknown>;
    if (typeof task !== 'string' || task.length === 0)
      throw new OrchestratorPlanError(`task ${i + 1} has no "task"`, text);
    const names = Array.isArray(tools) ? tools.filter((tool): tool is string => typeof tool === 'string') : [];
    const foreign = names.filter((tool) => !parentTools.has(tool));
    if (foreign.length > 0) {
      throw new OrchestratorPlanError(
        `task ${i + 1} asks for tools the parent does not have (${foreign.join(', ')})`,
        text,
      );
    }
    return { task, role: typeof role === 'string' && role ? role : 'actor', tools: names };
  });
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

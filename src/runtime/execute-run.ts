import type { Clock } from '../core/clock.js';
import { BudgetExceededError, ModelOutputError, RunCancelledError } from '../core/errors/run-errors.js';
import { describeError, WardenError } from '../core/errors/warden-error.js';
import type { ErrorInfo, PolicyNarrowedEvent, RunStartEvent, RunStatus } from '../core/events.js';
import type { IdGenerator } from '../core/ids.js';
import type { JsonValue } from '../core/json.js';
import { type Message, messageText } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import type { Budget } from '../kernel/budget.js';
import { RunHaltedError, RunSuspendedError } from '../kernel/control-flow.js';
import { type EventListener, Journal } from '../kernel/journal.js';
import { Kernel } from '../kernel/kernel.js';
import { indexSyscalls } from '../kernel/replay.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { SpawnChild } from '../kernel/agent-tool.js';
import { type LanguageModel, modelName } from '../models/language-model.js';
import { findPrice, type PriceTable } from '../models/pricing.js';
import { intersectPolicies } from '../policy/intersect-policies.js';
import type { PolicyProposal } from '../policy/narrow-policy.js';
import type { PolicyCounters } from '../policy/policy.js';
import { react } from '../strategies/react/react.js';
import { schemaAdapter } from '../tools/schema-adapter.js';
import type { Principal, Tool } from '../tools/tool.js';
import type { NewRun, RunStore } from '../store/run-store.js';
import { type Agent, agentAsTool, isAgent } from './define-agent.js';
import { applyProposal, narrowForTask } from './narrowing.js';
import { currentOwnerId } from './owner.js';

/** How a run ended, with what it produced and spent. */
export interface RunResult<Output = unknown> {
  runId: string;
  status: RunStatus;
  /** The final answer: parsed when the agent has an output schema; the partial text when it stopped early. */
  output: Output | undefined;
  text: string;
  usage: Usage;
  costUsd: number;
  steps: number;
  durationMs: number;
  model: string;
  /** The model was scripted or simulated, not a real language model. */
  simulated: boolean;
  error?: ErrorInfo;
  /** Set when `status` is `awaiting_approval`. */
  approvalId?: string;
}

/** Options of one run. */
export interface RunOptions {
  runId?: string;
  signal?: AbortSignal;
  principal?: Principal;
  /** Called with every event, child runs' included, as it happens. */
  onEvent?: EventListener;
  /** Stream model output (`text-delta` events). @default false for run(), true for stream() */
  stream?: boolean;
  /** Budget overrides for this run (narrowed, never widened, for child runs). */
  budget?: Budget;
}

/** What a run needs from the runtime around it. */
export interface RunEnvironment {
  store: RunStore;
  clock: Clock;
  ids: IdGenerator;
  scheduler: Scheduler;
  prices: PriceTable;
  resolveModel: (spec: string) => LanguageModel;
  counters?: PolicyCounters;
}

interface Execution {
  agent: Agent<any>;
  input: string | Message[];
  options: RunOptions;
  runId: string;
  resume: boolean;
  parentRunId?: string;
  listeners: EventListener[];
}

/** Starts a new run, or resumes one from its log, and drives it to an end. */
export async function executeRun(env: RunEnvironment, execution: Execution): Promise<RunResult> {
  const { agent, options, runId } = execution;
  const model = typeof agent.model === 'string' ? env.resolveModel(agent.model) : agent.model;
  const name = modelName(model);
  const { store, clock } = env;
  const startedAt = clock.now();

  const tools = (agent.tools ?? []).map((tool): Tool => (isAgent(tool) ? agentAsTool(tool) : tool));
  let lastSeq = -1;
  let recorded = indexSyscalls([]);
  let input = execution.input;
  let create: NewRun | undefined;
  let startedFresh = !execution.resume;
  let policy = agent.policy;
  let narrowing: Awaited<ReturnType<typeof narrowForTask>> | undefined;
  if (execution.resume) {
    const run = await store.getRun(runId);
    if (!run)
      throw new WardenError({ code: 'NOT_FOUND', fault: 'user', message: `No run with id "${runId}" to resume.` });
    const events = await store.readEvents(runId);
    const start = events.find((event): event is RunStartEvent => event.type === 'run-start');
    // A run that died before its first events were written starts over from its stored input.
    input = start ? start.input : run.input;
    startedFresh = start === undefined;
    const narrowed = events.find((event): event is PolicyNarrowedEvent => event.type === 'policy-narrowed');
    if (narrowed) policy = applyProposal(agent.policy, narrowed.proposal as PolicyProposal, tools);
    lastSeq = run.lastSeq;
    recorded = indexSyscalls(events);
    await store.updateRun(runId, { status: 'running', ownerId: currentOwnerId, updatedAt: startedAt });
  }
  if (startedFresh && agent.narrowing) {
    // Before the run exists: a proposer that fails (or proposes a widening) leaves no half-started run.
    const request = typeof input === 'string' ? input : input.map(messageText).join('\n');
    narrowing = await narrowForTask(agent.narrowing, agent.policy, request, tools, options.signal);
    policy = narrowing.policy;
  }
  if (!execution.resume) {
    // Written with the run's first events, in one commit.
    create = {
      id: runId,
      agent: agent.name,
      model: name,
      input: typeof input === 'string' ? input : input.map(messageText).join('\n'),
      createdAt: startedAt,
      ownerId: currentOwnerId,
      status: 'running',
      ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
      ...(options.principal && { principal: options.principal.id }),
    };
  }

  const journal = new Journal(store, runId, lastSeq, clock, execution.listeners, create ? { create } : {});
  if (!startedFresh) journal.record({ type: 'run-resume', reason: 'resumed from the run log' });
  else {
    journal.record({
      type: 'run-start',
      agent: agent.name,
      input,
      model: name,
      strategy: (agent.strategy ?? react()).name,
      tools: tools.map((tool) => tool.name),
      simulated: model.simulated === true,
      ...(agent.instructions !== undefined && { instructions: agent.instructions }),
      ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
      ...(options.principal && { principal: options.principal.id }),
    });
  }
  if (narrowing) journal.record(narrowing.event);

  const budget: Budget = { ...agent.budget, ...options.budget };
  const abort = createAbort(options.signal, budget.timeoutMs);
  const spawnChild: SpawnChild = async (request) => {
    const child = request.agent as Agent<any>;
    // A child never gets more than its parent: both policies must allow each of its actions.
    const childPolicy = policy && child.policy ? intersectPolicies(policy, child.policy) : (policy ?? child.policy);
    const result = await executeRun(env, {
      agent: childPolicy ? { ...child, policy: childPolicy } : child,
      input: request.input,
      options: { ...options, runId: request.runId, budget: request.budget, signal: abort.signal },
      runId: request.runId,
      resume: request.resume,
      parentRunId: runId,
      listeners: execution.listeners,
    });
    return { ...result, ...(result.error && { error: result.error }) };
  };
  const price = findPrice(env.prices, model.provider, model.modelId);
  const kernel = new Kernel({
    runId,
    agent: agent.name,
    model,
    modelName: name,
    tools,
    policy,
    journal,
    recorded,
    budget,
    clock,
    signal: abort.signal,
    abortReason: abort.reason,
    loopGuard: agent.loopGuard ?? {},
    maxParallelTools: agent.maxParallelTools ?? 8,
    scheduler: env.scheduler,
    stream: options.stream ?? false,
    startedAt,
    modelDefaults: agent.modelSettings ?? {},
    spawnChild,
    ...(options.principal && { principal: options.principal }),
    ...(price && { price }),
    ...(env.counters && { counters: env.counters }),
  });

  let status: RunStatus = 'completed';
  let output: unknown;
  let text = '';
  let error: ErrorInfo | undefined;
  let approvalId: string | undefined;
  try {
    const result = await (agent.strategy ?? react()).run(
      {
        messages: typeof input === 'string' ? [{ role: 'user', content: input }] : input,
        ...(agent.instructions !== undefined && { instructions: agent.instructions }),
        ...(agent.output && { output: schemaAdapter(agent.output) }),
        ...(agent.spotlighting && { spotlight: true }),
      },
      kernel,
    );
    text = result.text;
    output = result.output;
  } catch (thrown) {
    const outcome = classify(thrown, abort.signal.aborted ? abort.reason() : undefined);
    status = outcome.status;
    error = outcome.error;
    text = kernel.state.lastText;
    output = status === 'failed' && !(thrown instanceof ModelOutputError) ? undefined : text || undefined;
    if (thrown instanceof RunSuspendedError) approvalId = thrown.approvalId;
    const over = abort.signal.aborted ? abort.reason() : thrown;
    if (over instanceof BudgetExceededError) {
      journal.record({ type: 'budget-exceeded', budget: over.budget, limit: over.limit, value: over.value });
    }
  } finally {
    abort.dispose();
  }

  const durationMs = clock.now() - startedAt;
  const { state } = kernel;
  kernel.endStep();
  if (status !== 'awaiting_approval') {
    journal.record({
      type: 'run-end',
      status,
      usage: state.usage,
      costUsd: state.costUsd,
      durationMs,
      steps: state.steps,
      ...(output !== undefined && { output: output as JsonValue }),
      ...(error && { error }),
    });
  }
  await journal.flush({
    status,
    usage: state.usage,
    costUsd: state.costUsd,
    steps: state.steps,
    updatedAt: clock.now(),
    ...(status !== 'awaiting_approval' && { endedAt: clock.now() }),
    ...(output !== undefined && { output: output as JsonValue }),
    ...(error && { error }),
  });
  const result: RunResult = {
    runId,
    status,
    output,
    text,
    usage: state.usage,
    costUsd: state.costUsd,
    steps: state.steps,
    durationMs,
    model: name,
    simulated: model.simulated === true,
  };
  if (error) result.error = error;
  if (approvalId) result.approvalId = approvalId;
  return result;
}

function classify(thrown: unknown, abortReason: WardenError | undefined): { status: RunStatus; error?: ErrorInfo } {
  const error = abortReason ?? thrown;
  if (error instanceof RunSuspendedError) return { status: 'awaiting_approval' };
  if (error instanceof RunHaltedError) return { status: 'halted', error: describeError(error) };
  if (error instanceof RunCancelledError) return { status: 'cancelled', error: describeError(error) };
  if (error instanceof BudgetExceededError) return { status: 'budget_exceeded', error: describeError(error) };
  return { status: 'failed', error: describeError(error) };
}

/** One signal for cancel and the time budget, and which of them fired. */
function createAbort(
  external: AbortSignal | undefined,
  timeoutMs: number | undefined,
): { signal: AbortSignal; reason: () => WardenError; dispose: () => void } {
  const controller = new AbortController();
  let reason: WardenError | undefined;
  const onExternal = () => {
    reason = new RunCancelledError(external?.reason);
    controller.abort(reason);
  };
  if (external?.aborted) onExternal();
  else external?.addEventListener('abort', onExternal, { once: true });
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs !== undefined) {
    timer = setTimeout(() => {
      reason = new BudgetExceededError('time', timeoutMs, timeoutMs);
      controller.abort(reason);
    }, timeoutMs);
    timer.unref?.();
  }
  return {
    signal: controller.signal,
    reason: () => (reason ??= new RunCancelledError()),
    dispose: () => {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternal);
    },
  };
}

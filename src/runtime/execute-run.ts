import { printable, tameThrown } from '../core/errors/tame-thrown.js';
import { WardenError } from '../core/errors/warden-error.js';
import { eventSchemaVersion } from '../core/events.js';
import { messageText } from '../core/messages.js';
import type { Budget } from '../kernel/budget.js';
import { BudgetLedger } from '../kernel/budget-ledger.js';
import { Journal } from '../kernel/journal.js';
import { Kernel } from '../kernel/kernel.js';
import { createRouter } from '../kernel/routing/create-router.js';
import { modelName } from '../models/language-model.js';
import { findPrice } from '../models/pricing.js';
import { react } from '../strategies/react/react.js';
import type { StrategyResult } from '../strategies/strategy.js';
import { schemaAdapter } from '../tools/schema-adapter.js';
import type { Tool } from '../tools/tool.js';
import type { NewRun, RunStore } from '../store/run-store.js';
import { agentAsTool, isAgent } from './define-agent.js';
import { type ModelReport, ModelReportBuilder, modelReportOf } from './model-report.js';
import { endingOf, recordEnding } from './finish-run.js';
import { narrowForTask } from './narrowing.js';
import { openRun } from './open-run.js';
import { checkRunInput } from './run-input.js';
import { currentOwnerId } from './owner.js';
import { LeaseKeeper } from './run-lease.js';
import { createAbort } from './run-abort.js';
import { authorityOf } from './run-authority.js';
import type { ExecutedRun, Execution, RunEnvironment } from './run-types.js';
import { spawnChildOf } from './spawn-child.js';

export type { ExecutedRun, Execution, RunEnvironment, RunOptions, RunResult } from './run-types.js';

/**
 * Starts a new run, or resumes one from its log, and drives it to an end: open (log, authority) → journal
 * the start durably → narrow the policy (through the kernel) → run the strategy → journal the end.
 * Never rejects for the run's own failure once it has started.
 */
export async function executeRun(env: RunEnvironment, execution: Execution): Promise<ExecutedRun> {
  const { agent, options, runId } = execution;
  const model = typeof agent.model === 'string' ? env.resolveModel(agent.model) : agent.model;
  const name = modelName(model);
  const { store, clock } = env;
  const startedAt = clock.now();
  const tools = (agent.tools ?? []).map((tool): Tool => (isAgent(tool) ? agentAsTool(tool) : tool));
  const leased = execution.lease && !(execution.lease instanceof LeaseKeeper) ? execution.lease.create : undefined;
  const keeper =
    execution.lease instanceof LeaseKeeper ? execution.lease : leased && LeaseKeeper.created(store, runId, leased);
  if (!execution.resume) checkRunInput(execution.input);
  const opened = await openRun(store, {
    claimed: keeper !== undefined,
    runId,
    resume: execution.resume,
    input: execution.input,
    policy: agent.policy,
    principal: options.principal,
    tools,
    now: startedAt,
  });
  const { input, principal } = opened;
  const inputText = typeof input === 'string' ? input : input.map(messageText).join('\n');
  const create: NewRun | undefined = execution.resume
    ? undefined
    : {
        id: runId,
        agent: agent.name,
        model: name,
        input: inputText,
        createdAt: startedAt,
        ownerId: keeper?.owner ?? currentOwnerId,
        status: 'running',
        ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
        ...(principal && { principal: principal.id, actsFor: { ...principal } }),
        ...(principal?.tenant !== undefined && { tenant: principal.tenant }),
        ...(leased && { lease: { owner: leased.owner, ttlMs: leased.ttlMs } }),
      };
  // The per-model report (src/runtime/model-report.ts) counts this run's events as they are journaled.
  const router = agent.routing && createRouter(model, agent.routing, env.resolveModel, env.prices);
  const simulated = [model, ...(router?.ladder.map((entry) => entry.model) ?? [])].filter((each) => each.simulated);
  const report = new ModelReportBuilder(runId, new Set(simulated.map(modelName)));
  const listeners = [...execution.listeners, report.add];
  const journal = new Journal(store, runId, opened.lastSeq, clock, listeners, {
    ...(create && { create }),
    ...(keeper && { fence: keeper.token }),
    ...(!keeper && execution.fence && { fence: execution.fence.token, fencedBy: execution.fence.runId }),
  });
  if (!opened.startedFresh) journal.record({ type: 'run-resume', reason: 'resumed from the run log' });
  else {
    journal.record({
      type: 'run-start',
      agent: agent.name,
      input,
      model: name,
      strategy: (agent.strategy ?? react()).name,
      tools: tools.map((tool) => tool.name),
      simulated: model.simulated === true,
      schemaVersion: eventSchemaVersion,
      authority: authorityOf(principal, agent.policy),
      ...(agent.instructions !== undefined && { instructions: agent.instructions }),
      ...(execution.parentRunId !== undefined && { parentRunId: execution.parentRunId }),
      ...(principal && { principal: principal.id }),
    });
  }

  const budget: Budget = { ...agent.budget, ...options.budget };
  const signals = [options.signal, keeper?.signal].filter((signal) => signal !== undefined);
  const abort = createAbort(signals.length > 1 ? AbortSignal.any(signals) : signals[0], budget.timeoutMs);
  const ledger = new BudgetLedger(budget, startedAt, execution.parent?.ledger);
  const history = execution.parent?.history ?? [];
  const price = findPrice(env.prices, model.provider, model.modelId);
  let kernel: Kernel;
  const kernelFor = (policy: typeof agent.policy, state?: Kernel['state']) =>
    new Kernel(
      {
        runId,
        agent: agent.name,
        model,
        modelName: name,
        tools,
        policy,
        journal,
        recorded: opened.recorded,
        budget,
        ledger,
        history,
        clock,
        signal: abort.signal,
        abortReason: abort.reason,
        loopGuard: agent.loopGuard ?? {},
        maxParallelTools: agent.maxParallelTools ?? 8,
        scheduler: env.scheduler,
        stream: options.stream ?? false,
        startedAt,
        depth: execution.depth ?? 0,
        modelDefaults: agent.modelSettings ?? {},
        spawnChild: spawnChildOf(executeRun, env, execution, {
          signal: abort.signal,
          policy: () => kernel.settings.policy,
          principal,
          fence: keeper ? { runId, token: keeper.token } : execution.fence,
        }),
        ...(principal && { principal }),
        ...(price && { price }),
        ...(env.counters && { counters: env.counters }),
        ...(env.retry && { retry: env.retry }),
        ...(router && { router }),
        ...(options.onElicitation && { onElicitation: options.onElicitation }),
      },
      state,
    );
  kernel = kernelFor(opened.policy);

  let outcome: RunOutcome;
  try {
    // The run's record and start are durable before the first model call: a caller holding the run id
    // can always tell "never started" from "lost".
    // A store that fails once is tried again (the journal keeps the batch); one that keeps failing fails the run.
    await journal.flush().catch(() => journal.flush());
    keeper?.start();
    if (agent.narrowing && !opened.narrowed) {
      const narrowing = await narrowForTask(
        agent.narrowing,
        opened.policy,
        inputText,
        tools,
        async (proposer, messages) => {
          const response = await kernel.generateWith(proposer, {
            messages,
            tools: false,
            temperature: 0,
            responseFormat: { type: 'json' },
            purpose: 'narrow',
          });
          return response.text;
        },
      );
      journal.record(narrowing.event);
      kernel = kernelFor(narrowing.policy, kernel.state);
    }
    const strategy = agent.strategy ?? react();
    const result = await strategy.run(
      {
        messages: typeof input === 'string' ? [{ role: 'user', content: input }] : input,
        ...(agent.instructions !== undefined && { instructions: agent.instructions }),
        ...(agent.output && { output: schemaAdapter(agent.output, { subject: `agent "${agent.name}" output` }) }),
        ...(agent.spotlighting && { spotlight: true }),
      },
      kernel,
    );
    outcome = strategyOutcome(result, strategy.name);
  } catch (thrown) {
    outcome = { ok: false, thrown: tameThrown(thrown, 'The strategy') };
  } finally {
    abort.dispose();
  }
  const ending = await recordEnding(kernel, journal, endingOf(kernel, journal, outcome, abort.fired()), startedAt);
  await keeper?.release();
  const { state } = kernel;
  const result: ExecutedRun = {
    runId,
    status: ending.status,
    output: ending.output,
    text: ending.text,
    usage: state.usage,
    costUsd: state.costUsd,
    steps: state.steps,
    durationMs: clock.now() - startedAt,
    model: name,
    simulated: model.simulated === true,
    labels: [...state.labelsSeen],
    // A resumed run's earlier calls are in the store, not in this execution's events.
    modelReport: execution.resume ? await storedReport(store, runId, report) : report.report(),
  };
  if (ending.error) result.error = ending.error;
  if (ending.approvalId) result.approvalId = ending.approvalId;
  return result;
}

async function storedReport(store: RunStore, runId: string, fallback: ModelReportBuilder): Promise<ModelReport> {
  try {
    return modelReportOf(await store.readEvents(runId));
  } catch {
    return fallback.report();
  }
}

type RunOutcome = { ok: true; text: string; output: unknown } | { ok: false; thrown: unknown };

/** What a strategy returned, once it is a result: `{ text, output }` with text a string. */
function strategyOutcome(result: unknown, strategy: string): RunOutcome {
  const { text, output } = (typeof result === 'object' && result !== null ? result : {}) as Partial<StrategyResult>;
  if (typeof text === 'string') return { ok: true, text, output };
  return {
    ok: false,
    thrown: new WardenError({
      code: 'STRATEGY_RESULT_INVALID',
      fault: 'system',
      message: `Strategy "${strategy}" returned ${typeof result === 'object' && result !== null ? 'a result whose text is not a string' : printable(result)}; a strategy's run() must resolve to { text: string, output }.`,
      data: { strategy },
    }),
  };
}

import { tameThrown } from '../core/errors/tame-thrown.js';
import { printable, WardenError } from '../core/errors/warden-error.js';
import { react } from '../strategies/react/react.js';
import type { StrategyResult } from '../strategies/strategy.js';
import type { RunStore } from '../store/run-store.js';
import { schemaAdapter } from '../tools/schema-adapter.js';
import { closeSuspendedChildren } from './close-suspended-children.js';
import { endingOf, recordEnding } from './finish-run.js';
import { type ModelReport, type ModelReportBuilder, modelReportOf } from './model-report.js';
import { narrowForTask } from './narrowing.js';
import { type OpenedExecution, openExecution } from './open-execution.js';
import type { ExecutedRun, Execution, RunEnvironment } from './run-types.js';

export type { ExecutedRun, Execution, RunEnvironment, RunOptions, RunResult } from './run-types.js';

/**
 * Starts a new run, or resumes one from its log, and drives it to an end, in three stages: open (log, authority,
 * kernel; src/runtime/open-execution.ts) → drive (the start made durable, the policy narrowed through the kernel,
 * the strategy run) → end (journaled, the result built). Never rejects for the run's own failure once it has
 * started.
 */
export async function executeRun(env: RunEnvironment, execution: Execution): Promise<ExecutedRun> {
  const run = await openExecution(env, execution, executeRun);
  const outcome = await driveStrategy(run);
  return endRun(run, outcome);
}

/** Makes the run's start durable, narrows its policy when the agent asks, and runs its strategy. */
async function driveStrategy(run: OpenedExecution): Promise<RunOutcome> {
  const { journal, keeper, abort, opened, execution, inputText, tools, input } = run;
  const { agent } = execution;
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
          const response = await run.kernel.generateWith(proposer, {
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
      run.kernel = run.kernelFor(narrowing.policy, run.kernel.state);
    }
    const strategy = agent.strategy ?? react();
    const result = await strategy.run(
      {
        messages: typeof input === 'string' ? [{ role: 'user', content: input }] : input,
        ...(agent.instructions !== undefined && { instructions: agent.instructions }),
        ...(agent.output && { output: schemaAdapter(agent.output, { subject: `agent "${agent.name}" output` }) }),
        ...(agent.spotlighting && { spotlight: true }),
      },
      run.kernel,
    );
    return strategyOutcome(result, strategy.name);
  } catch (thrown) {
    return { ok: false, thrown: tameThrown(thrown, 'The strategy') };
  } finally {
    abort.dispose();
  }
}

/** Journals the run's end (`run-end`, the summary) and builds what `run()` returns. */
async function endRun(run: OpenedExecution, outcome: RunOutcome): Promise<ExecutedRun> {
  const { kernel, journal, keeper, execution, env, startedAt, model, name, report } = run;
  const ending = await recordEnding(kernel, journal, endingOf(kernel, journal, outcome, run.abort.fired()), startedAt);
  if (!execution.parentRunId && (kernel.state.spawned || kernel.settings.recorded.spawns.size > 0)) {
    await closeSuspendedChildren(env.store, execution.runId, ending.status, env.clock.now(), keeper?.token);
  }
  await keeper?.release();
  const { state } = kernel;
  const result: ExecutedRun = {
    runId: execution.runId,
    status: ending.status,
    output: ending.output,
    text: ending.text,
    usage: state.usage,
    costUsd: state.costUsd,
    steps: state.steps,
    durationMs: env.clock.now() - startedAt,
    model: name,
    simulated: model.simulated === true,
    labels: [...state.labelsSeen],
    // A resumed run's earlier calls are in the store, not in this execution's events.
    modelReport: execution.resume ? await storedReport(env.store, execution.runId, report) : report.report(),
  };
  if (ending.error) result.error = ending.error;
  if (journal.isAbandoned && journal.statusWritten !== ending.status) result.unrecordedEnding = true;
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

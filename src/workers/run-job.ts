import type { Message } from '../core/messages.js';
import { modelReportOf, type RunResult } from '../runtime/index.js';
import type { Principal } from '../tools/tool.js';
import type { RunRecord, RunStore } from '../store/index.js';

/** What a queued run says: the job's id is the run's id, so enqueuing one run twice queues it once. */
export interface RunJob {
  /** The run's id. A payload from another producer may leave it out: the job's id is then the run's (`readRunJob`). */
  runId: string;
  /** The agent's name, as the workers know it (warden.yaml). */
  agent: string;
  input: string | Message[];
  principal?: Principal;
}

/** Statuses a run does not leave by itself. */
export const endedStatuses = new Set(['completed', 'failed', 'cancelled', 'halted', 'budget_exceeded']);

/** The result of a run that ended elsewhere (another worker finished it), from its stored record. */
export async function resultOf(store: RunStore, run: RunRecord): Promise<RunResult> {
  const events = await store.readEvents(run.id);
  const start = events[0];
  const result: RunResult = {
    runId: run.id,
    status: run.status,
    output: run.output,
    text: typeof run.output === 'string' ? run.output : '',
    usage: run.usage,
    costUsd: run.costUsd,
    steps: run.steps,
    durationMs: (run.endedAt ?? run.updatedAt) - run.createdAt,
    model: run.model,
    simulated: start?.type === 'run-start' && start.simulated === true,
    modelReport: modelReportOf(events),
  };
  if (run.error) result.error = run.error;
  return result;
}

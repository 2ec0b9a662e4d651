import { NotFoundError } from '../../core/errors/run-errors.js';
import type { RunRecord, RunStore } from '../../store/run-store.js';

/** The run with this id; throws `NotFoundError` (exit 2) when there is none. */
export async function requireRun(store: RunStore, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) throw new NotFoundError('run', runId);
  return run;
}

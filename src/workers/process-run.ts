import { WardenError } from '../core/errors/warden-error.js';
import type { Agent, RunResult, Runtime } from '../runtime/index.js';
import { endedStatuses, type RunJob, resultOf } from './run-job.js';

/** What processing one job needs. */
export interface ProcessContext {
  runtime: Runtime;
  agent(name: string): Agent<any> | Promise<Agent<any>>;
  /** Waits this long at most between looks at a run another worker holds. */
  pollMs: number;
  /** Gives up on a run held by someone else after this long (its job is then retried by BullMQ). */
  maxHoldWaitMs: number;
  signal?: AbortSignal;
}

const code = (error: unknown) => (WardenError.isInstance(error) ? error.code : undefined);

/**
 * Drives one queued run to its end, whoever started it: a run not in the store yet is started (created
 * claimed by this worker); one that ended is answered from the store; one whose owner stopped renewing its
 * lease is resumed from its log (recorded syscalls replay, in-doubt calls follow their tool's policy); one
 * that another live worker holds is waited for. A job BullMQ delivers twice (a stalled worker) therefore
 * never runs a run twice at once.
 */
export async function processRun(job: RunJob, context: ProcessContext): Promise<RunResult> {
  const { runtime } = context;
  const { store } = runtime;
  const started = Date.now();
  for (;;) {
    const run = await store.getRun(job.runId);
    if (run && (endedStatuses.has(run.status) || run.status === 'awaiting_approval')) return resultOf(store, run);
    const agent = await context.agent(run?.agent ?? job.agent);
    try {
      const result = !run
        ? await runtime.run(agent, job.input, {
            runId: job.runId,
            ...(job.principal && { principal: job.principal }),
            ...(context.signal && { signal: context.signal }),
          })
        : await runtime.resume(agent, job.runId, context.signal ? { signal: context.signal } : {});
      const failure = result.error?.code;
      // The store stayed away past its bounded wait: the run is not over, so the job is not either (retried).
      if (failure === 'STORE_UNAVAILABLE') throw new WardenError({ ...result.error!, fault: 'system' });
      // Another worker took the run over, or created it first: its outcome is the job's.
      if (failure === 'RUN_LEASE_LOST' || (failure === 'STORE_CONFLICT' && result.steps === 0)) {
        throw new WardenError({ code: 'RUN_NOT_RESUMABLE', fault: 'system', message: result.error!.message });
      }
      return result;
    } catch (error) {
      // Another worker created it first (STORE_CONFLICT) or holds it (RUN_NOT_RESUMABLE): look again.
      if (code(error) !== 'STORE_CONFLICT' && code(error) !== 'RUN_NOT_RESUMABLE') throw error;
      if (Date.now() - started > context.maxHoldWaitMs) throw error;
      const expiresAt = (error as { expiresAt?: number }).expiresAt;
      const wait = expiresAt ? Math.min(Math.max(expiresAt - Date.now(), 1), context.pollMs) : context.pollMs;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

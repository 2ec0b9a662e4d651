import { printable, WardenError } from '../core/errors/warden-error.js';
import type { RunJob } from './run-job.js';

const enqueueFix =
  'enqueue runs with createRunQueue(…).enqueue(agent, input) or `warden run --queue`, which write { runId, agent, input }';

/**
 * Reads a job's payload as a run, before anything is stored. Other producers (or a damaged Redis) may put
 * anything on the queue, and no retry mends a payload, so every problem is a `RUN_JOB_INVALID` error of fault
 * `user` (the worker fails the job at once). A job without `runId` runs as the run whose id is the job's id
 * (docs/workers.md: "a job's id is its run id"), so a job delivered twice still runs one run.
 */
export function readRunJob(data: unknown, jobId: string | undefined): RunJob {
  const job = `Job ${JSON.stringify(jobId ?? '(no id)')}`;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(jobId, `${job} carries ${describe(data)}, not a run ({ runId?, agent, input }).`);
  }
  const { runId = jobId, agent } = data as { runId?: unknown; agent?: unknown };
  if (typeof agent !== 'string' || agent === '') {
    throw invalid(jobId, `${job} names no agent (its \`agent\` is ${describe(agent)}).`);
  }
  if (typeof runId !== 'string' || runId === '') {
    throw invalid(jobId, `${job} has no usable run id (its \`runId\` is ${describe(runId)}).`);
  }
  if (runId.includes('\0')) {
    throw invalid(jobId, `${job} has the run id ${JSON.stringify(runId)}, which holds a NUL character no store keeps.`);
  }
  return { ...(data as RunJob), runId, agent };
}

function invalid(jobId: string | undefined, problem: string): WardenError {
  return new WardenError({
    code: 'RUN_JOB_INVALID',
    fault: 'user',
    message: `${problem} Fix: ${enqueueFix}.`,
    data: { ...(jobId !== undefined && { jobId }), fix: enqueueFix },
  });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value === '' ? 'empty text' : 'text';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${printable(value)}`;
}

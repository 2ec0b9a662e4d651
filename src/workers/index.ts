export { createWorker, newWorkerId, type WardenWorker, type WorkerOptions } from './create-worker.js';
export { type ProcessContext, processRun } from './process-run.js';
export type { QueueConnection } from './redis-connection.js';
export { createRunQueue, type QueuedRun, type RunQueue } from './run-queue.js';
export type { RunJob } from './run-job.js';

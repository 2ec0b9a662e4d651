import { randomBytes } from 'node:crypto';
import { WardenError } from '../core/errors/warden-error.js';
import type { Message } from '../core/messages.js';
import type { RunResult } from '../runtime/index.js';
import type { Principal } from '../tools/tool.js';
import { importBullmq } from './_bullmq.js';
import { type QueueConnection, queueNames, redisOptions } from './redis-connection.js';
import type { RunJob } from './run-job.js';

/** A run on the queue. */
export interface QueuedRun {
  runId: string;
  /** Resolves with the run's result once a worker has finished it; rejects after `timeoutMs` (then it still runs). */
  result(timeoutMs?: number): Promise<RunResult>;
}

/** The enqueuing side: any process with Redis access (a web server, the CLI). */
export interface RunQueue {
  enqueue(
    agent: string,
    input: string | Message[],
    options?: { runId?: string; principal?: Principal },
  ): Promise<QueuedRun>;
  close(): Promise<void>;
}

/**
 * Opens the queue workers take runs from. A run's job id is its run id: enqueuing the same run id again
 * queues nothing new and awaits the same run.
 * @example
 * const queue = await createRunQueue({ redisUrl: 'redis://127.0.0.1:6379' });
 * const run = await queue.enqueue('payer', 'pay invoice 17');
 * console.log((await run.result()).status);
 */
export async function createRunQueue(connection: QueueConnection = {}): Promise<RunQueue> {
  const { Queue, QueueEvents } = await importBullmq();
  const { queue: name, prefix } = queueNames(connection);
  const redis = redisOptions(connection.redisUrl);
  const queue = new Queue<RunJob>(name, { connection: redis, prefix });
  const events = new QueueEvents(name, { connection: redis, prefix });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return {
    async enqueue(agent, input, options = {}) {
      const runId = options.runId ?? `run_${randomBytes(8).toString('hex')}`;
      const data: RunJob = { runId, agent, input, ...(options.principal && { principal: options.principal }) };
      const job = await queue.add('run', data, {
        jobId: runId,
        attempts: 50,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
      return {
        runId,
        async result(timeoutMs) {
          try {
            return (await job.waitUntilFinished(events, timeoutMs)) as RunResult;
          } catch (error) {
            throw new WardenError({
              code: 'RUN_JOB_FAILED',
              fault: 'system',
              message: `Run ${runId} did not finish on the queue: ${(error as Error).message}. See it with \`warden runs show ${runId}\`.`,
              cause: error,
            });
          }
        },
      };
    },
    async close() {
      await Promise.all([events.close(), queue.close()]);
    },
  };
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Agent, createRuntime, type Runtime, type RuntimeOptions } from '../runtime/index.js';
import { type RunStore, type StoreRetryOptions, withStoreRetry } from '../store/index.js';
import { ConfigError } from '../core/errors/config-error.js';
import { WardenError } from '../core/errors/warden-error.js';
import { importBullmq } from './_bullmq.js';
import { processRun } from './process-run.js';
import { readRunJob } from './read-run-job.js';
import { type QueueConnection, queueNames, redisOptions } from './redis-connection.js';
import type { RunJob } from './run-job.js';

/** Settings of a worker process. */
export interface WorkerOptions extends QueueConnection {
  /** Where runs are journaled: one PostgreSQL store shared by every worker. */
  store: RunStore;
  /** The agents this worker can run, by name. */
  agents: Record<string, Agent<any>> | ((name: string) => Agent<any> | Promise<Agent<any>>);
  /** Runs at once in this worker. @default 4 */
  concurrency?: number;
  /** Names the worker in `runs list` (HELD BY). @default `worker-<random>@<host>:<pid>` */
  id?: string;
  /** A run's lease lasts this long without a heartbeat (heartbeats every third of it). @default 30000 */
  leaseTtlMs?: number;
  /** BullMQ's job lock: a dead worker's jobs go to another worker about this long after it died. @default leaseTtlMs */
  lockDurationMs?: number;
  /** How long the store may be away before a run stops (it resumes later). `false`: not at all. @default { maxWaitMs: 30000 } */
  storeRetry?: StoreRetryOptions | false;
  /** The rest of the runtime: models, prices, scheduler, counters. */
  runtime?: Omit<RuntimeOptions, 'store' | 'lease'>;
  /** Told about queue and Redis errors (Redis away: the worker reconnects by itself). */
  onError?: (error: Error) => void;
}

/** Failures of a job that no retry fixes: the log is damaged or written by a newer Warden. */
const unrecoverable = new Set(['EVENT_INVALID', 'EVENT_SCHEMA_TOO_NEW', 'STORE_CORRUPT']);

/** A running worker. */
export interface WardenWorker {
  readonly id: string;
  readonly runtime: Runtime;
  /** Stops taking jobs and waits for the runs in progress to end (`force`: leaves them to their leases). */
  close(force?: boolean): Promise<void>;
}

/** A worker id unique to this process and call: `worker-<random>@<host>:<pid>`. */
export function newWorkerId(): string {
  return `worker-${randomBytes(3).toString('hex')}@${hostname()}:${process.pid}`;
}

/**
 * Starts a worker: takes runs from the BullMQ queue on Redis, `concurrency` at a time, and executes them on a
 * runtime whose runs are leased to this worker and journaled to `store`. A run whose worker died is resumed
 * by another once its lease expires, replaying its log, so no recorded side effect runs again.
 * @example
 * const worker = await createWorker({ store: await createPostgresStore({ connectionString }), agents: { payer } });
 */
export async function createWorker(options: WorkerOptions): Promise<WardenWorker> {
  const { UnrecoverableError, Worker } = await importBullmq();
  const id = options.id ?? newWorkerId();
  const leaseTtlMs = options.leaseTtlMs ?? 30_000;
  const store = options.storeRetry === false ? options.store : withStoreRetry(options.store, options.storeRetry);
  const runtime = createRuntime({ ...options.runtime, store, lease: { owner: id, ttlMs: leaseTtlMs } });
  const agents = options.agents;
  const agent = (name: string) => {
    if (typeof agents === 'function') return agents(name);
    // A job names its agent: `constructor` or `__proto__` is no agent, only the map's own keys are.
    const found = Object.hasOwn(agents, name) ? agents[name] : undefined;
    if (!found) {
      throw new ConfigError(`This worker has no agent "${name}".`, {
        fix: `enqueue one of: ${Object.keys(agents).join(', ')}; or start a worker that has it`,
      });
    }
    return found;
  };
  const { queue, prefix } = queueNames(options);
  const lockDuration = options.lockDurationMs ?? leaseTtlMs;
  const worker = new Worker<RunJob>(
    queue,
    async (job) => {
      try {
        return await processRun(readRunJob(job.data, job.id), {
          runtime,
          agent,
          pollMs: Math.max(10, Math.floor(leaseTtlMs / 4)),
          maxHoldWaitMs: leaseTtlMs * 4,
        });
      } catch (error) {
        // A job no retry can fix (a malformed payload, an unknown agent, a damaged log): fail it now, not 50 times.
        if (WardenError.isInstance(error) && (error.fault === 'user' || unrecoverable.has(error.code))) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
    {
      connection: redisOptions(options.redisUrl),
      prefix,
      concurrency: options.concurrency ?? 4,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      // A job whose worker died is always handed on: the run's lease, not BullMQ, decides who executes it.
      maxStalledCount: 1_000_000,
    },
  );
  worker.on('error', (error) => options.onError?.(error));
  await worker.waitUntilReady();
  return {
    id,
    runtime,
    async close(force = false) {
      await worker.close(force);
    },
  };
}

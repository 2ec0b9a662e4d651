import type { RunResult } from '../../runtime/index.js';
import { createRunQueue, createWorker, type QueueConnection } from '../../workers/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { summarizeResult } from '../report-run.js';
import type { Workspace } from '../workspace.js';

/** Options of `warden worker` and `warden run --queue`. */
export interface QueueOptions {
  redis?: string;
  queue?: string;
  prefix?: string;
}

function connectionOf(io: CliIO, options: QueueOptions): QueueConnection {
  return {
    ...((options.redis ?? io.env.WARDEN_REDIS_URL) && { redisUrl: options.redis ?? io.env.WARDEN_REDIS_URL }),
    ...(options.queue && { queue: options.queue }),
    ...(options.prefix && { prefix: options.prefix }),
  };
}

/** `warden worker`: takes runs from the queue until Ctrl-C (or SIGTERM), then lets the runs in progress end. */
export async function workerCommand(
  workspace: Workspace,
  io: CliIO,
  options: QueueOptions & { concurrency: number; leaseTtl?: number },
): Promise<number> {
  const agents = workspace.agents();
  const worker = await createWorker({
    ...connectionOf(io, options),
    store: workspace.store,
    agents: (name) => agents.agent(name),
    concurrency: options.concurrency,
    ...(options.leaseTtl && { leaseTtlMs: options.leaseTtl }),
    runtime: {
      counters: workspace.counters,
      resolveModel: (spec) => agents.resolveModel(spec),
      ...(workspace.config && { prices: workspace.config.config.prices }),
    },
    onError: (error) => io.stderr(`worker: ${error.message}\n`),
  });
  io.stderr(
    `Worker ${worker.id}: ${options.concurrency} run(s) at a time, journaling to ${workspace.store.location}.\n`,
  );
  if (!workspace.store.location.startsWith('postgres')) {
    io.stderr('Note: workers on several machines need a shared PostgreSQL store (--store postgres://…).\n');
  }
  if (workspace.counters.location === 'memory') {
    io.stderr(
      'Note: limits per principal or tenant count in this worker only; set `counters: { kind: postgres | redis, … }` in warden.yaml to share them.\n',
    );
  }
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr('Stopping: the runs in progress finish first.\n');
  await worker.close();
  return 0;
}

/** `warden run --queue`: enqueues the run for the workers and waits for its result. */
export async function queuedRunCommand(
  io: CliIO,
  agent: string,
  input: string,
  options: QueueOptions & { json?: boolean },
): Promise<number> {
  const queue = await createRunQueue(connectionOf(io, options));
  let result: RunResult;
  try {
    const queued = await queue.enqueue(agent, input);
    io.stderr(`Queued run ${queued.runId}; waiting for a worker.\n`);
    result = await queued.result();
  } finally {
    await queue.close();
  }
  io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : summarizeResult(result, false));
  return exitCodeForStatus(result.status, result.error);
}

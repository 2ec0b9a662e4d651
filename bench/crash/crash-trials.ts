import { randomBytes } from 'node:crypto';
import type { RunEvent } from '../../src/core/events.js';
import { createPostgresStore } from '../../src/store/index.js';
import { createRunQueue } from '../../src/workers/index.js';
import { Ledger } from './ledger.js';
import { sideEffectSteps } from './ledger-agent.js';
import { type PoolWorker, WorkerPool } from './worker-pool.js';
import { seededRandom } from '../../src/core/ids.js';

/** Where a trial's SIGKILL lands. */
export type KillPoint = 'uniform' | 'after-effect' | 'between-intent-and-effect' | 'first-model-call';
const killPoints: KillPoint[] = ['uniform', 'after-effect', 'between-intent-and-effect', 'first-model-call'];

export interface CrashTrialOptions {
  trials: number;
  /** Worker processes alive at once. @default 3 */
  workers?: number;
  seed?: number;
  connectionString: string;
  redisUrl?: string;
  /** @default 1000 */
  leaseTtlMs?: number;
  /** Pause after each printed point, so a kill sent on it lands there. @default 15 */
  lingerMs?: number;
  /** Kills at a uniform point land within this long after the run's first model call. @default 300 */
  uniformWindowMs?: number;
  /** Give every run this long to finish after the last trial. @default 120000 */
  finishTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface CrashTrialReport {
  /** Runs whose worker was SIGKILLed at the trial's point. */
  trials: number;
  /** Runs enqueued: the trials plus those whose point never came (`kills.missed`); all are checked. */
  runs: number;
  lostRuns: number;
  duplicateSideEffects: number;
  unfinishedRuns: number;
  /** Side-effect steps of finished runs with no effect and no in-doubt report (should be 0). */
  missingSideEffects: number;
  inDoubt: {
    /** In-doubt calls of tools without dedupe, reported to the model (`TOOL_IN_DOUBT`). */
    reported: number;
    /** Of those, how many had in fact happened before the kill (the ledger has them). */
    reportedThatHappened: number;
    /** In-doubt calls of the deduping tool run again after a kill whose key was used already: deduped. */
    retriedAndDeduped: number;
  };
  kills: Record<KillPoint | 'missed', number>;
  workerProcesses: { alive: number; spawned: number };
  durationMs: number;
  simulated: true;
}

/**
 * Runs `trials` multi-step runs on a pool of worker processes (BullMQ on Redis, PostgreSQL store and ledger),
 * SIGKILLing the worker that executes each run at a random point of it, and checks afterwards that no run was
 * lost or left unfinished and no side effect happened twice. Everything it creates is dropped at the end.
 */
export async function runCrashTrials(options: CrashTrialOptions): Promise<CrashTrialReport> {
  const started = Date.now();
  const random = seededRandom(options.seed ?? Date.now());
  const tag = randomBytes(4).toString('hex');
  const storeSchema = `warden_crash_${tag}`;
  const ledgerSchema = `warden_crash_${tag}_ledger`;
  const prefix = `warden-crash-${tag}`;
  const leaseTtlMs = options.leaseTtlMs ?? 1000;
  const log = options.log ?? (() => {});
  const ledger = await Ledger.open(options.connectionString, ledgerSchema, true);
  const store = await createPostgresStore({ connectionString: options.connectionString, schema: storeSchema });
  const queue = await createRunQueue({ prefix, ...(options.redisUrl && { redisUrl: options.redisUrl }) });
  const pool = new WorkerPool((id) => ({
    connectionString: options.connectionString,
    storeSchema,
    ledgerSchema,
    prefix,
    leaseTtlMs,
    concurrency: 4,
    lingerMs: options.lingerMs ?? 15,
    id,
  }));
  const size = options.workers ?? 3;
  const kills: CrashTrialReport['kills'] = {
    uniform: 0,
    'after-effect': 0,
    'between-intent-and-effect': 0,
    'first-model-call': 0,
    missed: 0,
  };
  const runIds: string[] = [];
  try {
    await Promise.all(Array.from({ length: size }, () => pool.spawn().ready));
    // A trial counts once its kill landed; one whose point never came (another trial's kill took the run past
    // it) is run again, up to twice the count.
    let killed = 0;
    for (let attempt = 0; killed < options.trials && attempt < options.trials * 2; attempt++) {
      while ((await pool.readyCount()) < size) pool.spawn();
      const runId = `trial_${tag}_${attempt}`;
      const point = killPoints[Math.floor(random() * killPoints.length)]!;
      const step = sideEffectSteps[Math.floor(random() * sideEffectSteps.length)]!;
      const line =
        point === 'after-effect'
          ? `effect ${runId} ${step}`
          : point === 'between-intent-and-effect'
            ? `intent ${runId} ${step}`
            : `model ${runId} 0`;
      const marked = pool.waitFor(line, 30_000);
      runIds.push(runId);
      await queue.enqueue('ledger', runId, { runId });
      const victim: PoolWorker | undefined = await marked;
      if (!victim) {
        kills.missed++;
        continue;
      }
      if (point === 'uniform')
        await new Promise((resolve) => setTimeout(resolve, random() * (options.uniformWindowMs ?? 300)));
      await pool.kill(victim);
      kills[point]++;
      killed++;
      log(
        `trial ${killed}/${options.trials}: killed ${victim.id} at ${point}${point.includes('effect') ? ` (step ${step})` : ''}`,
      );
    }
    while ((await pool.readyCount()) < size) pool.spawn();
    const deadline = Date.now() + (options.finishTimeoutMs ?? 120_000);
    let pending = runIds;
    while (pending.length > 0 && Date.now() < deadline) {
      const states = await Promise.all(pending.map(async (id) => [id, (await store.getRun(id))?.status] as const));
      pending = states.filter(([, status]) => status !== 'completed').map(([id]) => id);
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
      trials: killed,
      runs: runIds.length,
      ...(await outcomes(store, ledger, runIds)),
      duplicateSideEffects: await ledger.duplicates(),
      kills,
      workerProcesses: { alive: await pool.readyCount(), spawned: pool.spawned },
      durationMs: Date.now() - started,
      simulated: true,
    } as CrashTrialReport;
  } finally {
    await pool.closeAll();
    await queue.close();
    await dropEverything(
      store,
      ledger,
      options.connectionString,
      [storeSchema, ledgerSchema],
      prefix,
      options.redisUrl,
    );
  }
}

async function outcomes(
  store: Awaited<ReturnType<typeof createPostgresStore>>,
  ledger: Ledger,
  runIds: string[],
): Promise<Pick<CrashTrialReport, 'lostRuns' | 'unfinishedRuns' | 'missingSideEffects' | 'inDoubt'>> {
  let lostRuns = 0;
  let unfinishedRuns = 0;
  let missingSideEffects = 0;
  let reported = 0;
  let reportedThatHappened = 0;
  for (const runId of runIds) {
    const run = await store.getRun(runId);
    if (!run) {
      lostRuns++;
      continue;
    }
    if (run.status !== 'completed') {
      unfinishedRuns++;
      continue;
    }
    const events = await store.readEvents(runId);
    const stepOf = new Map<string, number>();
    const inDoubt = new Set<number>();
    for (const event of events as Array<RunEvent & { syscallId?: string; input?: { step?: number } }>) {
      if (event.type === 'tool-call' && typeof event.input?.step === 'number')
        stepOf.set(event.syscallId!, event.input.step);
      if (event.type === 'tool-error' && event.error.code === 'TOOL_IN_DOUBT') {
        const step = stepOf.get(event.syscallId)!;
        inDoubt.add(step);
        reported++;
        if (await ledger.happened(runId, step)) reportedThatHappened++;
      }
    }
    for (const step of sideEffectSteps) {
      if (!inDoubt.has(step) && !(await ledger.happened(runId, step))) missingSideEffects++;
    }
  }
  return {
    lostRuns,
    unfinishedRuns,
    missingSideEffects,
    inDoubt: { reported, reportedThatHappened, retriedAndDeduped: await ledger.deduped() },
  };
}

async function dropEverything(
  store: { close(): Promise<void> },
  ledger: Ledger,
  connectionString: string,
  schemas: string[],
  prefix: string,
  redisUrl: string | undefined,
): Promise<void> {
  await store.close();
  await ledger.close();
  const { default: pg } = await import('pg');
  const { dropRedisPrefix } = await import('../../src/testing/service-test-kit.js');
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await dropRedisPrefix(prefix, redisUrl);
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { LedgerWorld, readLedger } from './fixtures/ledger-world.js';

const worker = fileURLToPath(new URL('./fixtures/search-worker.ts', import.meta.url));
// The worker's task (seed 3, depth 8; proposer p = 0.5, seed 21): several model calls for A*, some 24 for MCTS.
const task = createToolGraphTask({ seed: 3, depth: 8 });
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface WorkerResult {
  status: string;
  output: unknown;
  error?: string;
  /** Model calls the worker's server answered. */
  requests: number;
}

/**
 * Runs the worker in `mode`. With `killAfter`, waits for it to report the side effect it hangs at (the first
 * after its `killAfter`-th model response) and SIGKILLs it; else waits for its result line.
 */
async function runWorker(
  mode: 'straight' | 'run' | 'resume',
  planner: string,
  db: string,
  ledger: string,
  killAfter?: number,
): Promise<WorkerResult | { killedAtEffect: number; requests: number }> {
  const args = ['--import', 'tsx', worker, mode, planner, db, ledger, ...(killAfter ? [String(killAfter)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killed: { killedAtEffect: number; requests: number } | undefined;
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const report = /^effect (\d+) \S+ (\d+)$/m.exec(stdout);
      if (killAfter !== undefined && report && !killed) {
        killed = { killedAtEffect: Number(report[1]), requests: Number(report[2]) };
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) return resolve(killed);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) return resolve(JSON.parse(line) as WorkerResult);
      reject(new Error(`worker ${mode} exited (${code ?? signal}): ${stderr}${stdout}`));
    });
  });
}

async function readLog(db: string): Promise<RunEvent[]> {
  const store = createSqliteStore({ path: db });
  try {
    return await store.readEvents('run_search');
  } finally {
    await store.close();
  }
}

const committedPath = (events: readonly RunEvent[]) =>
  events.flatMap((e) => (e.type === 'tool-call' && !e.exploration ? [`${e.toolName}${JSON.stringify(e.input)}`] : []));

/** Syscalls with more than one journaled result (tool result or error, model response or error). */
function duplicateResults(events: readonly RunEvent[]): string[] {
  const seen = new Map<string, number>();
  for (const e of events) {
    if (
      e.type === 'tool-result' ||
      e.type === 'tool-error' ||
      e.type === 'model-response' ||
      e.type === 'model-error'
    ) {
      seen.set(e.syscallId, (seen.get(e.syscallId) ?? 0) + 1);
    }
  }
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}

describe.each(['astar', 'mcts'])('%s killed with SIGKILL in the middle of its search (real processes)', (planner) => {
  it('resumed in a fresh process: no side effect repeated, the same decision, a complete log', async () => {
    const dir = mkdtempSync(join(tmpdir(), `warden-search-kill-${planner}-`));
    dirs.push(dir);
    const straight = (await runWorker(
      'straight',
      planner,
      join(dir, 'straight.db'),
      join(dir, 'straight.ledger'),
    )) as WorkerResult;
    expect(straight).toMatchObject({ status: 'completed' });
    const straightLedger = readLedger(join(dir, 'straight.ledger'));
    const straightLog = await readLog(join(dir, 'straight.db'));
    const straightCalls = straightLog.filter((e) => e.type === 'model-request').length;
    expect(straightCalls).toBeGreaterThan(2);

    // Killed at the first side effect after its second model response: mid-search.
    const db = join(dir, 'crash.db');
    const ledger = join(dir, 'crash.ledger');
    const kill = (await runWorker('run', planner, db, ledger, 2)) as { killedAtEffect: number; requests: number };
    expect(kill.killedAtEffect).toBeGreaterThan(0);
    const effectsBefore = readLedger(ledger);
    expect(effectsBefore).toHaveLength(kill.killedAtEffect);
    expect(effectsBefore.length).toBeLessThan(straightLedger.length);
    const before = await readLog(db);
    expect(before.some((e) => e.type === 'run-end')).toBe(false);
    expect(before.some((e) => e.type === 'strategy-record')).toBe(false);
    const answered = before.filter((e) => e.type === 'model-response').length;
    expect(answered).toBeGreaterThan(0);
    // Some executed effects have no durable result: a resumed run must redo those calls without acting twice.
    const durableResults = before.filter((e) => e.type === 'tool-result' || e.type === 'tool-error').length;
    expect(durableResults).toBeLessThan(effectsBefore.length);

    const resumed = (await runWorker('resume', planner, db, ledger)) as WorkerResult;
    expect(resumed).toMatchObject({ status: 'completed' });
    expect(resumed.error).toBeUndefined();

    // No executed side effect repeated: every idempotency key once, as many effects as the straight run.
    const entries = readLedger(ledger);
    const keys = entries.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(entries).toHaveLength(straightLedger.length);
    expect(entries.map((entry) => entry.action)).toEqual(straightLedger.map((entry) => entry.action));
    // The same decision: the same committed path, output and final world as the uninterrupted run.
    const log = await readLog(db);
    expect(committedPath(log)).toEqual(committedPath(straightLog));
    expect(resumed.output).toEqual(straight.output);
    const world = new LedgerWorld(task as never, ledger);
    const straightWorld = new LedgerWorld(task as never, join(dir, 'straight.ledger'));
    expect(task.isGoal(world.state as never)).toBe(true);
    expect(task.key(world.state as never)).toBe(task.key(straightWorld.state as never));
    // A complete log: resumed once, ended once, one tree, no syscall answered twice.
    expect(log.filter((e) => e.type === 'run-resume')).toHaveLength(1);
    expect(log.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(log.at(-1)?.type).toBe('run-end');
    expect(log.filter((e) => e.type === 'strategy-record' && e.kind === 'search-tree')).toHaveLength(1);
    expect(duplicateResults(log)).toEqual([]);
    // No model call whose answer was journaled is asked again: the fresh process asks only the others.
    expect(straight.requests).toBe(straightCalls);
    expect(resumed.requests).toBe(straightCalls - answered);
    // A request journaled before the kill without its answer is asked again under the same syscall id.
    const requested = log.flatMap((e) => (e.type === 'model-request' ? [e.syscallId] : []));
    expect(new Set(requested).size).toBe(straightCalls);
    const inFlight = before.filter(
      (e) =>
        e.type === 'model-request' && !before.some((r) => r.type === 'model-response' && r.syscallId === e.syscallId),
    ).length;
    expect(requested).toHaveLength(straightCalls + inFlight);
  }, 120_000);
});

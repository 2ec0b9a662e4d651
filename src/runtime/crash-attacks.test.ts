import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { createRuntime } from './runtime.js';
import { agentFor, type Scenario } from './fixtures/crash-attack-agents.js';

const worker = fileURLToPath(new URL('./fixtures/crash-attack-worker.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the worker on `scenario` until it prints `line`, then SIGKILLs it. */
async function killAt(scenario: Scenario, line: string): Promise<{ db: string; ledger: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-attack-'));
  dirs.push(dir);
  const db = join(dir, 'warden.db');
  const ledger = join(dir, 'ledger.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', worker, db, ledger, scenario], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').includes(line)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before "${line}": ${stderr}`)));
  });
  await exited;
  return { db, ledger };
}

const ledgerLines = (ledger: string) =>
  existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean) : [];

/** Resumes the killed run in this process with the same agent, its effects appended to the same ledger. */
async function resumeKilled(scenario: Scenario, db: string, ledger: string) {
  const store = createSqliteStore({ path: db });
  const runtime = createRuntime({ store });
  const recovered = await runtime.recover();
  const { agent, models } = agentFor(scenario, ledger);
  try {
    const result = await runtime.resume(agent, 'run_attack');
    const events = await store.readEvents('run_attack');
    return { result, events, models, recovered, store };
  } finally {
    await store.close();
  }
}

/** Every side effect once: no idempotency key twice in the ledger. */
function expectOnceEach(lines: string[]) {
  const keys = lines.map((l) => l.split(' ')[1]);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('kill -9 of a real process, then resume (crash attacks)', () => {
  it('killed during a parallel batch of side effects (one in doubt, two durable): each effect once, the doubtful one reported', async () => {
    const { db, ledger } = await killAt('batch', 'ready');
    expect(ledgerLines(ledger)).toHaveLength(3);
    const { result, events, models } = await resumeKilled('batch', db, ledger);
    expect(result.status).toBe('completed');
    const lines = ledgerLines(ledger);
    expect(lines).toHaveLength(3);
    expectOnceEach(lines);
    // The model read b's result as in doubt, a's and c's as recorded.
    const last = JSON.stringify(models[0]!.requests.at(-1)?.messages.at(-1));
    expect(last).toMatch(/unknown whether it took effect/);
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('run-end');
  }, 30_000);

  it('killed between the parent’s durable agent-spawn and the child’s first write: the resumed run completes, the child’s effect once', async () => {
    const { db, ledger } = await killAt('child-create', 'child-create');
    expect(ledgerLines(ledger)).toHaveLength(0);
    const { result, recovered } = await resumeKilled('child-create', db, ledger);
    expect(recovered).toContain('run_attack');
    // The promise: a run killed at any point either has a record or never started, and resumes.
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    const lines = ledgerLines(ledger);
    expect(lines).toHaveLength(1);
    expectOnceEach(lines);
  }, 30_000);

  it('killed during a sub-agent’s side effect: the effect is not repeated, the child reports it in doubt, the parent completes', async () => {
    const { db, ledger } = await killAt('child-effect', 'effect');
    expect(ledgerLines(ledger)).toHaveLength(1);
    const { result, models } = await resumeKilled('child-effect', db, ledger);
    expect(result.status).toBe('completed');
    expect(ledgerLines(ledger)).toHaveLength(1);
    expect(JSON.stringify(models[1]!.requests.at(-1)?.messages.at(-1))).toMatch(/unknown whether it took effect/);
  }, 30_000);

  it('killed during the final commit (run-end not durable): recovered as interrupted, resumed once, no effect repeated, one run-end', async () => {
    const { db, ledger } = await killAt('commit-pending', 'commit');
    expect(ledgerLines(ledger)).toHaveLength(3);
    const { result, events, recovered, models } = await resumeKilled('commit-pending', db, ledger);
    expect(recovered).toEqual(['run_attack']);
    expect(result.status).toBe('completed');
    expect(result.output).toBe('paid');
    expect(ledgerLines(ledger)).toHaveLength(3);
    // Only the last answer (written with run-end) may be asked again: a model call is safe to redo.
    expect(models[0]!.requests.length).toBeLessThanOrEqual(1);
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
  }, 30_000);

  it('killed right after the final commit landed: the run is completed, not interrupted, and cannot be resumed again', async () => {
    const { db, ledger } = await killAt('commit-landed', 'commit');
    const store = createSqliteStore({ path: db });
    try {
      const runtime = createRuntime({ store });
      expect(await runtime.recover()).toEqual([]);
      expect((await store.getRun('run_attack'))?.status).toBe('completed');
      const { agent } = agentFor('commit-landed', ledger);
      await expect(runtime.resume(agent, 'run_attack')).rejects.toMatchObject({ code: 'RUN_NOT_RESUMABLE' });
      expect(ledgerLines(ledger)).toHaveLength(3);
    } finally {
      await store.close();
    }
  }, 30_000);
});

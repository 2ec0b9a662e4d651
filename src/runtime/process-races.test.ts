/** Real processes racing on one SQLite file: resumes, runs of one id, live owners. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/events.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { createRuntime } from './runtime.js';

import { closers, dbPath, directory, expectConsistentLog, payer, tag } from './_concurrency-kit.js';

// ───────────────────────────── real processes ─────────────────────────────

const raceWorker = fileURLToPath(new URL('./fixtures/race-worker.ts', import.meta.url));

function startWorker(args: string[]): { child: ChildProcess; lines: string[]; until: (text: string) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', raceWorker, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  closers.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.some((line) => line.includes(text))) resolve();
        else waiters.push(check);
      };
      child.once('exit', (code) =>
        lines.some((line) => line.includes(text)) ? resolve() : reject(new Error(`worker exited ${code}: ${err}`)),
      );
      check();
    });
  return { child, lines, until };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

/** An interrupted run with only its start in the log (as a crash inside its first model call leaves it). */
async function interruptedPayRun(path: string, runId: string) {
  const store = createSqliteStore({ path });
  await store.append(
    runId,
    [
      {
        type: 'run-start',
        runId,
        seq: 0,
        time: 1,
        agent: 'payer',
        input: 'pay 9',
        model: 'scripted:probe-model',
        strategy: 'react',
        tools: ['pay'],
        simulated: true,
        schemaVersion: 2,
        authority: { policy: 'none' },
      } as RunEvent,
    ],
    {
      create: {
        id: runId,
        agent: 'payer',
        model: 'scripted:probe-model',
        input: 'pay 9',
        createdAt: 1,
        status: 'interrupted',
      },
    },
  );
  return store;
}

describe('real processes racing on one SQLite file', () => {
  it('two processes resume one interrupted run at once: one runs it, the other is refused; paid once; log consistent', async () => {
    const path = dbPath();
    const ledger = join(directory, `${tag()}.ledger`);
    const store = await interruptedPayRun(path, 'run_two_procs');
    const workers = [0, 1].map(() => startWorker(['resume', path, ledger, 'run_two_procs', 'none']));
    await Promise.all(workers.map((worker) => worker.until('ready')));
    for (const worker of workers) worker.child.stdin!.write('go\n');
    await Promise.all(workers.map((worker) => worker.until('{')));
    const outcomes = workers.map((worker) => JSON.parse(worker.lines.find((line) => line.startsWith('{'))!));
    expect(outcomes.filter((outcome) => outcome.status === 'completed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.rejected === 'RUN_NOT_RESUMABLE')).toHaveLength(1);
    expect(readFileSync(ledger, 'utf8').trim().split('\n')).toHaveLength(1);
    expectConsistentLog(await store.readEvents('run_two_procs'));
    expect(await store.getRun('run_two_procs')).toMatchObject({ status: 'completed' });
    await store.close();
  }, 30_000);

  it('two processes start a run with the same id at once: the payment happens once, the log is one run', async () => {
    const path = dbPath();
    const ledger = join(directory, `${tag()}.ledger`);
    createSqliteStore({ path }).close();
    const workers = [0, 1].map(() => startWorker(['run', path, ledger, 'run_same_id', 'none']));
    await Promise.all(workers.map((worker) => worker.until('ready')));
    for (const worker of workers) worker.child.stdin!.write('go\n');
    await Promise.all(workers.map((worker) => worker.until('{')));
    const outcomes = workers.map((worker) => JSON.parse(worker.lines.find((line) => line.startsWith('{'))!));
    expect(outcomes.filter((outcome) => outcome.status === 'completed')).toHaveLength(1);
    expect(readFileSync(ledger, 'utf8').trim().split('\n')).toHaveLength(1);
    const store = createSqliteStore({ path });
    const log = await store.readEvents('run_same_id');
    expectConsistentLog(log);
    expect(log.filter((event) => event.type === 'run-start')).toHaveLength(1);
    await store.close();
  }, 30_000);

  for (const leaseMode of ['none', 'lease'] as const) {
    it(`a run whose process is alive (${leaseMode === 'lease' ? 'leased' : 'not leased'}) is not recovered nor resumed by another process`, async () => {
      const path = dbPath();
      const ledger = join(directory, `${tag()}.ledger`);
      const holder = startWorker(['hold', path, ledger, 'run_alive', leaseMode]);
      await holder.until('effect');
      const store = createSqliteStore({ path });
      const runtime = createRuntime({ store });
      expect(await runtime.recover()).toEqual([]);
      const ledgerLines: string[] = [];
      const attempt = await runtime
        .resume(payer(ledgerLines, [{ text: 'x' }]), 'run_alive')
        .catch((error: unknown) => error);
      expect(attempt).toMatchObject({ code: 'RUN_NOT_RESUMABLE' });
      expect(readFileSync(ledger, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(await store.getRun('run_alive')).toMatchObject({ status: 'running' });
      holder.child.kill('SIGKILL');
      await exited(holder.child);
      await store.close();
    }, 30_000);
  }
});

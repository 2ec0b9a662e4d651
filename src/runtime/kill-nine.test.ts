import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { z } from 'zod';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

const worker = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the worker until it reports `point`, then SIGKILLs it. */
async function killAt(point: 'model' | 'effect'): Promise<{ db: string; ledger: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-kill-'));
  dirs.push(dir);
  const db = join(dir, 'warden.db');
  const ledger = join(dir, 'ledger.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', worker, db, ledger, point], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(point)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before "${point}": ${stderr}`)));
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return { db, ledger };
}

/** A real process killed with SIGKILL: the run is never lost, and resuming repeats no side effect. */
describe('kill -9 of a real process', () => {
  it('killed inside its first model call, the run exists, is marked interrupted and resumes', async () => {
    const { db } = await killAt('model');
    const store = createSqliteStore({ path: db });
    const runtime = createRuntime({ store });
    expect(await runtime.recover()).toEqual(['run_killed']);
    const pay = defineTool({
      name: 'pay',
      description: 'Pay',
      input: z.object({ amount: z.number() }),
      execute: () => ({ ok: true }),
    });
    const agent = defineAgent({
      name: 'payer',
      model: new ScriptedModel([{ text: 'nothing paid' }], { modelId: 'crash-model' }),
      tools: [pay],
    });
    const done = await runtime.resume(agent, 'run_killed');
    expect(done.status).toBe('completed');
    await store.close();
  }, 30_000);

  it('killed right after a side effect, the resumed run does not repeat it and says it is in doubt', async () => {
    const { db, ledger } = await killAt('effect');
    expect(readFileSync(ledger, 'utf8').trim().split('\n')).toHaveLength(1);
    const store = createSqliteStore({ path: db });
    const runtime = createRuntime({ store });
    await runtime.recover();
    let executed = 0;
    const pay = defineTool({
      name: 'pay',
      description: 'Pay',
      input: z.object({ amount: z.number() }),
      execute: () => {
        executed++;
        return { ok: true };
      },
    });
    const model = new ScriptedModel([{ text: 'checked' }], { modelId: 'crash-model' });
    const done = await runtime.resume(defineAgent({ name: 'payer', model, tools: [pay] }), 'run_killed');
    expect(done.status).toBe('completed');
    expect(executed).toBe(0);
    expect(JSON.stringify(model.requests[0]!.messages.at(-1))).toMatch(/unknown whether it took effect/);
    expect(existsSync(ledger)).toBe(true);
    await store.close();
  }, 30_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CodeEndEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { createQuickJsSandbox } from '../sandbox/quickjs/quickjs-sandbox.js';
import { codeact } from '../strategies/codeact/codeact.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';

const worker = fileURLToPath(new URL('./code-action.crash-worker.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'warden-code-kill-'));
const javascript = createQuickJsSandbox();
afterAll(async () => {
  await javascript.close();
  rmSync(dir, { recursive: true, force: true });
});

async function killInsideCode(): Promise<{ db: string; ledger: string }> {
  const db = join(dir, 'warden.db');
  const ledger = join(dir, 'ledger.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', worker, db, ledger], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('settle')) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before the code action: ${stderr}`)));
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return { db, ledger };
}

describe('kill -9 inside a code action', () => {
  it('resumes by re-running the code: the payment is not repeated, the guest sees the recorded values', async () => {
    const { db, ledger } = await killInsideCode();
    const lines = readFileSync(ledger, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const store = createSqliteStore({ path: db });
    const runtime = createRuntime({ store });
    expect(await runtime.recover()).toEqual(['run_code_killed']);
    let paid = 0;
    const pay = defineTool({
      name: 'pay',
      description: 'Pay',
      input: z.object({ amount: z.number() }),
      execute: () => {
        paid++;
        return { paid: -1, key: 'again' };
      },
    });
    const settle = defineTool({
      name: 'settle',
      description: 'Settle',
      input: z.object({}),
      readOnly: true,
      execute: () => 'settled',
    });
    const model = new ScriptedModel([{ text: 'Paid 40.' }], { modelId: 'crash-model' });
    const agent = defineAgent({ name: 'coder', model, tools: [pay, settle], strategy: codeact({ javascript }) });
    const done = await runtime.resume(agent, 'run_code_killed');
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('completed');
    expect(paid).toBe(0);
    const events = await store.readEvents('run_code_killed');
    const clock = events.filter((event) => event.type === 'clock-read').map((event) => event.value);
    const end = events.find((event) => event.type === 'code-end') as CodeEndEvent;
    expect(end.value).toMatchObject({ paid: { paid: 40, key: lines[0]!.split(' ')[0] }, settled: 'settled' });
    expect((end.value as { t: number }).t).toBe(clock[1]);
    expect(events.filter((event) => event.type === 'code-start')).toHaveLength(1);
    expect(String(model.requests[0]!.messages.at(-1)?.content)).toContain('"settled": "settled"');
    await store.close();
  }, 30_000);
});

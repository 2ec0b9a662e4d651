import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, runAskingServerEntry } from './fixtures/servers.js';

const worker = fileURLToPath(new URL('./fixtures/elicitation-worker.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'warden-eli-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('elicitation pause survives kill -9', () => {
  it('the run pauses for a question, its process is SIGKILLed, a fresh runtime answers and resumes: the tool completes once', async () => {
    const db = join(dir, 'warden.db');
    const effects = join(dir, 'effects.txt');
    const child = spawn(process.execPath, ['--import', 'tsx', worker, db, effects], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const said = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`worker exited (${code}) before pausing: ${stderr}`)));
    });
    expect(said).toBe('awaiting_approval run_eli');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(effects)).toBe(false);

    const store = createSqliteStore({ path: db });
    const runtime = createRuntime({ store });
    await runtime.recover();
    expect((await store.getRun('run_eli'))?.status).toBe('awaiting_approval');
    const [pending] = await runtime.elicitations.pending();
    expect(pending).toMatchObject({ runId: 'run_eli', message: 'Who is the booking for (Lear)?' });
    await runtime.elicitations.answer(pending!.elicitationId, {
      action: 'accept',
      content: { name: 'Cordelia', seats: 1 },
    });

    const connection = await connectMcp(nodeServer('shows', runAskingServerEntry, [effects]));
    try {
      const agent = defineAgent({
        name: 'booker',
        model: new ScriptedModel([{ text: 'done' }]),
        tools: await connection.tools(),
      });
      const done = await runtime.resume(agent, 'run_eli');
      expect(done.status).toBe('completed');
    } finally {
      await connection.close();
    }
    expect(readFileSync(effects, 'utf8').trim().split('\n')).toEqual(['run_eli:1 Cordelia 1']);
    const log = await store.readEvents('run_eli');
    expect(log.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'tool-call',
        'elicitation-request',
        'elicitation-response',
        'run-resume',
        'tool-result',
        'run-end',
      ]),
    );
    expect(log.filter((event) => event.type === 'tool-result')).toMatchObject([{ output: 'booked 1 for Cordelia' }]);
    expect(log.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    await store.close();
  }, 60_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { anchorsDir } from './anchors-dir.js';

/** The instant fake OpenAI-compatible server, in its own process. */
export interface FakeServer {
  port: number;
  stop(): void;
}

/** Starts `bench/anchors/fake-openai.mjs` and resolves once it listens. */
export async function startFakeServer(steps: number): Promise<FakeServer> {
  const child: ChildProcess = spawn(process.execPath, ['fake-openai.mjs', '--steps', String(steps)], {
    cwd: anchorsDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`The fake OpenAI server exited with code ${code} before listening.`)),
    );
  });
  return {
    port,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

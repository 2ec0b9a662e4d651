import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { anchorsDir } from './anchors-dir.js';
import type { RunnerSpec } from './runners.js';

/** What `runners/bench.mjs` prints on its `RESULT` line (the fields the bench reads). */
export interface RunnerResult {
  name: string;
  version: string;
  medianMs: number;
  p95Ms: number;
  clientCpuMsPerRun: number;
  startupMs: number;
  firstRunMs: number;
  rssAfterWarmupMB: number;
  heapGrowthMB: number;
  [field: string]: unknown;
}

/** Where the runners' fake server is and how much each runner does. */
export interface RunSettings {
  port: number;
  steps: number;
  runs: number;
  warmup: number;
  /** Untimed runs after the harness's forced GC, before the timed ones. @default the runner's (bench.mjs) */
  settle?: number;
  /** Kills a runner that takes longer. @default 10 minutes */
  timeoutMs?: number;
}

/** The environment a runner process gets: the harness's counts (`runners/bench.mjs` reads them) and no telemetry. */
export function runnerEnv(settings: RunSettings, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extraEnv,
    FAKE_PORT: String(settings.port),
    STEPS: String(settings.steps),
    WARMUP: String(settings.warmup),
    RUNS: String(settings.runs),
    ...(settings.settle !== undefined && { SETTLE: String(settings.settle) }),
    OPENAI_API_KEY: 'sk-fake',
    LANGCHAIN_TRACING_V2: 'false',
    LANGSMITH_TRACING: 'false',
    MASTRA_TELEMETRY_DISABLED: '1',
  };
}

/** Runs one runner script in its own process; resolves with its result or the reason it failed. */
export function runRunner<Result = RunnerResult>(
  runner: Pick<RunnerSpec, 'file'>,
  settings: RunSettings,
  extraEnv: Record<string, string> = {},
): Promise<{ ok: true; result: Result } | { ok: false; error: string }> {
  const args = ['--expose-gc', `runners/${runner.file}.mjs`];
  const child = spawn(process.execPath, args, {
    cwd: anchorsDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: runnerEnv(settings, extraEnv),
  });
  return new Promise((resolve) => {
    let result: Result | undefined;
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as Result;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), settings.timeoutMs ?? 10 * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve({ ok: true, result });
      else resolve({ ok: false, error: `exited with ${signal ?? `code ${code}`}: ${stderr.trim().slice(-2000)}` });
    });
  });
}

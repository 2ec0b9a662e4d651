/**
 * `npm run bench -- instructions [--only warden,ai-sdk] [--runs 100] [--warmup 20]`: the overhead rows counted in
 * machine instructions instead of seconds. Each runner of the overhead bench runs unchanged under valgrind's
 * callgrind with the fake server's answers served in process (bench/anchors/in-process-fetch.mjs, no socket), once
 * with 20 timed runs and once with `runs` more; the difference over the steps between them is the runner's
 * instructions per step (all threads: V8's compiler and GC included, start-up and warmup cancelled out).
 * Instruction counts do not depend on what else the machine is doing, so this figure reproduces on a loaded
 * machine where the timed one cannot. It counts the frameworks' JavaScript (and SQLite's C) and leaves out undici,
 * the operating system's network stack and the server. Needs valgrind (Debian package `valgrind`). Writes
 * bench/results/instructions.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { anchorsDir, resultsDir } from './overhead/anchors-dir.js';
import { ensureAnchors } from './overhead/ensure-anchors.js';
import { ensureBuild } from './overhead/ensure-build.js';
import { type RunnerSpec, selectRunners } from './overhead/runners.js';
import { round } from './overhead/statistics.js';

const steps = 10;
const defaultRunners = ['warden', 'warden-side-effects', 'warden-parallel-policy', 'ai-sdk-parallel', 'ai-sdk'];

/** Instructions (callgrind's `Ir`) one process executed: the runner with `runs` timed runs. */
function countInstructions(runner: RunnerSpec, runs: number, warmup: number): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    '--cache-sim=no',
    '--branch-sim=no',
    process.execPath,
    '--expose-gc',
    '--import',
    './in-process-fetch.mjs',
    `runners/${runner.file}.mjs`,
  ];
  const env = {
    ...process.env,
    ...runner.env,
    FAKE_PORT: '1',
    STEPS: String(steps),
    RUNS: String(runs),
    WARMUP: String(warmup),
    // Under valgrind a run is ~50 times slower: the two processes settle alike and the difference cancels it, so
    // this bench counts runs 140 to 240 of each process, early in V8's tiering (bench/README.md).
    SETTLE: '100',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { cwd: anchorsDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code === 0 && collected) resolve(Number(collected[1]));
      else reject(new Error(`${runner.id} under valgrind exited ${code}: ${stderr.slice(-800)}`));
    });
  });
}

/** Runs `jobs` two at a time (valgrind runs each process on one core). */
async function inPairs<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

export async function runInstructionsBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      runs: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '20' },
    },
  });
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    throw new TypeError('The instructions bench needs valgrind: apt-get install valgrind');
  }
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(runs) || runs < 10 || !Number.isInteger(warmup) || warmup < 1) {
    throw new TypeError('--runs must be a whole number of at least 10 and --warmup at least 1.');
  }
  const runners = selectRunners(values.only?.split(',') ?? defaultRunners);
  ensureAnchors();
  ensureBuild((line) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const fewer = 20;
  const counts = await inPairs(
    runners.flatMap((runner) => [
      () => countInstructions(runner, fewer, warmup),
      () => countInstructions(runner, fewer + runs, warmup),
    ]),
  );
  const perStep: Record<string, number> = {};
  runners.forEach((runner, i) => {
    perStep[runner.id] = Math.round((counts[2 * i + 1]! - counts[2 * i]!) / (runs * steps));
  });
  const floor = perStep['plain-openai']!;
  const over = (id: string) => (perStep[id] === undefined ? undefined : perStep[id]! - floor);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : round(a / b, 3);
  const result = {
    what: 'instructions per step (callgrind Ir, all threads), in process with the fake server answering through the global fetch',
    runs,
    warmup,
    steps,
    instructionsPerStep: perStep,
    overheadPerStep: Object.fromEntries(Object.keys(perStep).map((id) => [id, over(id)])),
    wardenToFloor: ratio(perStep.warden, floor),
    sideEffectsToFloor: ratio(perStep['warden-side-effects'], floor),
    parallelPolicyToAiSdkParallel: ratio(perStep['warden-parallel-policy'], perStep['ai-sdk-parallel']),
    durationMs: Date.now() - started,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL('./results/instructions.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

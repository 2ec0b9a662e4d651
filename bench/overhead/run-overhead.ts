import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { resultsDir } from './anchors-dir.js';
import { ensureAnchors } from './ensure-anchors.js';
import { ensureBuild } from './ensure-build.js';
import { startFakeServer } from './fake-server.js';
import { formatOverheadTable } from './format-table.js';
import { type MemoryFigures, measureMemory } from './measure-memory.js';
import { parseOverheadOptions } from './options.js';
import { runRunner } from './run-runner.js';
import { rotate, selectRunners } from './runners.js';
import { type RunnerSamples, summarize } from './summarize.js';

/** Steps of the scenario: 9 `add` tool calls, then the answer `done`. */
const steps = 10;

/** The least warmup before the memory measurement. */
const memoryWarmup = 200;

/**
 * `npm run bench -- overhead`: Warden's per-step overhead against the floor and the anchor frameworks,
 * every runner once per pass in rotated order; writes `bench/results/overhead.{json,md}`.
 */
export async function runOverheadBench(argv: readonly string[]): Promise<void> {
  const options = parseOverheadOptions(argv);
  const runners = selectRunners(options.only);
  ensureAnchors();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (runners.some((runner) => runner.needsBuild) || options.memoryRuns > 0) ensureBuild(log);
  const started = Date.now();
  const server = await startFakeServer(steps);
  log(
    `fake server on 127.0.0.1:${server.port}; ${options.passes} passes x ${runners.length} runners, ` +
      `${options.warmup} warmup + ${options.settle} settling + ${options.runs} timed runs each`,
  );
  const samples = new Map<string, RunnerSamples>(
    runners.map((runner) => [
      runner.id,
      { id: runner.id, role: runner.role, name: runner.id, version: '-', samples: [], failures: [] },
    ]),
  );
  let memory: MemoryFigures | undefined;
  try {
    for (let pass = 0; pass < options.passes; pass++) {
      for (const runner of rotate(runners, pass)) {
        const entry = samples.get(runner.id)!;
        const settings = {
          port: server.port,
          steps,
          runs: options.runs,
          warmup: options.warmup,
          settle: options.settle,
        };
        const outcome = await runRunner(runner, settings, runner.env);
        if (!outcome.ok) {
          entry.failures.push(`pass ${pass + 1}: ${outcome.error}`);
          log(`pass ${pass + 1} ${runner.id}: FAILED ${outcome.error.slice(0, 500)}`);
          continue;
        }
        const { result } = outcome;
        entry.name = result.name;
        entry.version = result.version;
        entry.samples.push({ pass, medianMs: result.medianMs, cpuMsPerRun: result.clientCpuMsPerRun });
        log(
          `pass ${pass + 1} ${runner.id}: median ${result.medianMs.toFixed(2)} ms/run, ` +
            `CPU ${result.clientCpuMsPerRun.toFixed(2)} ms/run`,
        );
      }
    }
    if (options.memoryRuns > 0 && runners.some((runner) => runner.role === 'warden')) {
      log(`memory: ${options.memoryRuns} kept Warden runs per store kind…`);
      // V8 keeps compiling and caching for a few hundred runs: warm up longer so that fixed growth is not
      // counted as memory held per run.
      const warmup = Math.max(options.warmup, memoryWarmup);
      memory = await measureMemory({ port: server.port, steps, warmup }, options.memoryRuns);
    }
  } finally {
    server.stop();
  }

  const summary = summarize([...samples.values()], steps, options.passes);
  const table = formatOverheadTable(summary, memory);
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    steps,
    runs: options.runs,
    warmup: options.warmup,
    settle: options.settle,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'overhead.json'),
    `${JSON.stringify({ ...summary, ...(memory && { memory }), meta }, null, 2)}\n`,
  );
  writeFileSync(join(resultsDir, 'overhead.md'), `${table}\n`);
  process.stdout.write(`${table}\n`);
  log(`wrote bench/results/overhead.json and overhead.md in ${meta.durationS} s`);
}

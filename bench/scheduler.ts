/**
 * `npm run bench -- scheduler [--runs 1000] [--calls 3] [--rpm 9000] [--slots 32] [--latency 20] [--burst-ms 1000]
 * [--fault-every 300] [--retry-after 250] [--policy weighted-fair] [--repeat 3]`
 *
 * Many concurrent simulated runs (each a real Warden run: runtime, kernel pipeline, memory store, making `--calls`
 * model calls in a row) of four tenants weighted 1:2:3:4 call a simulated provider behind the local
 * OpenAI-compatible test server through `createOpenAICompatible` and the scheduler. The provider enforces the same
 * requests-per-minute limit itself and injects 429s with `retry-after-ms`; the kernel retries (each attempt a
 * scheduler call of its own, journaled). After one unrecorded warm-up invocation of 200 runs, writes the median of
 * `--repeat` invocations to bench/results/scheduler.json, with each figure's range.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { RunEvent } from '../src/core/events.js';
import { createScheduler, type Scheduler } from '../src/kernel/scheduler/index.js';
import type { QueuePolicy } from '../src/kernel/scheduler/index.js';
import { createOpenAICompatible } from '../src/models/openai/index.js';
import { defineAgent } from '../src/runtime/define-agent.js';
import { createRuntime } from '../src/runtime/runtime.js';
import type { Strategy } from '../src/strategies/strategy.js';
import { MemoryRunStore } from '../src/store/memory-store.js';
import { idealMs, round, shareDeviation, spread } from './scheduler-figures.js';
import { startProviderWorker } from './scheduler-server.js';

interface Options {
  runs: number;
  calls: number;
  rpm: number;
  slots: number;
  latency: number;
  burstMs: number;
  faultEvery: number;
  retryAfter: number;
  policy: QueuePolicy;
  repeat: number;
}

const weights: Record<string, number> = { t1: 1, t2: 2, t3: 3, t4: 4 };
/** Kernel retries per call (8 attempts). */
const maxRetries = 7;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    runs: 1000,
    calls: 3,
    rpm: 9000,
    slots: 32,
    latency: 20,
    burstMs: 1000,
    faultEvery: 300,
    retryAfter: 250,
    policy: 'weighted-fair',
    repeat: 3,
  };
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index]!;
    const value = argv[index + 1];
    const key = flag.replace(/^--/, '').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    if (!flag.startsWith('--') || !(key in options) || value === undefined) {
      throw new TypeError(`Unknown or incomplete option ${flag}: see bench/scheduler.ts for the options.`);
    }
    if (key === 'policy') options.policy = value as QueuePolicy;
    else {
      const number = Number(value);
      if (!(Number.isInteger(number) && number > 0)) throw new TypeError(`${flag} needs a positive integer.`);
      (options as unknown as Record<string, number>)[key] = number;
    }
  }
  return options;
}

/** One invocation: fresh provider, scheduler and client. */
async function invoke(options: Options) {
  const provider = await startProviderWorker({
    requestsPerMinute: options.rpm,
    allowance: 20,
    concurrency: options.slots + 8,
    latencyMs: options.latency,
    faultEvery: options.faultEvery,
    faultRetryAfterMs: options.retryAfter,
  });
  const burst = (options.rpm * options.burstMs) / 60_000;
  let queueMs = 0;
  let serviceMs = 0;
  const scheduler = createScheduler({
    providers: { sim: { slots: options.slots, requestsPerMinute: options.rpm, burstMs: options.burstMs } },
    policy: options.policy,
    tenantWeights: weights,
    onSettled: (timing) => {
      queueMs += timing.queueMs;
      serviceMs += timing.serviceMs;
    },
  });
  const model = createOpenAICompatible({ provider: 'sim', model: 'sim-1', baseURL: provider.url, simulated: true });
  const tenants = Object.keys(weights);
  const waiting = new Map(tenants.map((tenant) => [tenant, 0]));
  const backlogged: string[] = [];
  const tally = { succeeded: 0, retries: 0, failedBy429: 0, failedRuns: 0, attempts: 0 };
  /** Retries by what failed: an HTTP status, or an error code (e.g. a timeout of the client). */
  const retriedBy: Record<string, number> = {};

  // Watches the kernel's submissions: who waits, and who is dispatched while every tenant has calls waiting.
  const watched: Scheduler = {
    ...scheduler,
    submit(task, submitOptions) {
      const tenant = submitOptions.tenant ?? 'default';
      waiting.set(tenant, (waiting.get(tenant) ?? 0) + 1);
      let started = false;
      const settle = () => {
        if (started) return;
        started = true;
        waiting.set(tenant, waiting.get(tenant)! - 1);
      };
      submitOptions.signal?.addEventListener('abort', settle, { once: true });
      return scheduler.submit((handle) => {
        if (tenants.every((name) => waiting.get(name)! > 0)) backlogged.push(tenant);
        settle();
        tally.attempts += 1;
        return task(handle);
      }, submitOptions);
    },
  };
  const steps: Strategy = {
    name: 'calls-in-a-row',
    async run(input, kernel) {
      let text = '';
      for (let step = 0; step < options.calls; step++) {
        text = (await kernel.generate({ messages: input.messages, tools: false })).text;
        tally.succeeded += 1;
      }
      return { text, output: text };
    },
  };
  const runtime = createRuntime({ store: new MemoryRunStore(), scheduler: watched, retry: { maxRetries } });
  const onEvent = (event: RunEvent) => {
    if (event.type !== 'model-error') return;
    if (event.willRetry) {
      tally.retries += 1;
      const cause = /HTTP (\d{3})/.exec(event.error.message)?.[1] ?? event.error.message.slice(0, 80);
      retriedBy[cause] = (retriedBy[cause] ?? 0) + 1;
    } else if (/HTTP 429/.test(event.error.message)) tally.failedBy429 += 1;
  };
  const simulatedRun = async (index: number) => {
    const tenant = tenants[index % tenants.length]!;
    const agent = defineAgent({ name: `run-${index}`, model, strategy: steps, loopGuard: false });
    const result = await runtime.run(agent, `steps of run ${index}`, {
      principal: { id: `user-${index}`, tenant },
      onEvent,
    });
    if (result.status !== 'completed') tally.failedRuns += 1;
  };

  // How busy the machine was: a starved event loop inflates service time, which no scheduler can help.
  const loadAverage1m = round(loadavg()[0] ?? 0, 2);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: options.runs }, (_, index) => simulatedRun(index)));
  const wallMs = performance.now() - started;
  loopDelay.disable();
  const counts = await provider.close();
  const ideal = idealMs(tally.succeeded, options.rpm, burst, options.latency);
  const { shares, maxShareDeviation } = shareDeviation(backlogged, weights);
  return {
    runs: options.runs,
    throughputRatio: round(ideal / wallMs),
    failedBy429: tally.failedBy429,
    maxShareDeviation,
    failedRuns: tally.failedRuns,
    calls: tally.succeeded,
    attempts: tally.attempts,
    retries: tally.retries,
    retriedBy,
    wallMs: Math.round(wallMs),
    idealMs: Math.round(ideal),
    injected429: counts.injected429,
    providerRateLimited: counts.rateLimited,
    providerMaxConcurrent: counts.maxConcurrent,
    injectedPauseMs: counts.pausedMs,
    sharesWhileBacklogged: shares,
    backloggedCalls: backlogged.length,
    meanQueueMs: round(queueMs / Math.max(1, tally.attempts), 1),
    meanServiceMs: round(serviceMs / Math.max(1, tally.attempts), 1),
    loadAverage1m,
    eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
  };
}

/** Runs the scheduler bench and writes bench/results/scheduler.json. */
export async function runSchedulerBench(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  // One unrecorded warm-up invocation (200 runs): JIT and heap growth otherwise land on the first measured one.
  await invoke({ ...options, runs: Math.min(200, options.runs) });
  const invocations: Array<Awaited<ReturnType<typeof invoke>>> = [];
  for (let index = 0; index < options.repeat; index++) {
    invocations.push(await invoke(options));
    process.stdout.write(`scheduler bench ${index + 1}/${options.repeat}: ${JSON.stringify(invocations.at(-1))}\n`);
  }
  const figure = (
    name: 'throughputRatio' | 'failedBy429' | 'maxShareDeviation' | 'failedRuns' | 'providerRateLimited',
  ) => spread(invocations.map((invocation) => invocation[name]));
  const result = {
    runs: options.runs,
    throughputRatio: figure('throughputRatio').median,
    failedBy429: figure('failedBy429').median,
    maxShareDeviation: figure('maxShareDeviation').median,
    path: 'runtime+kernel+scheduler+openai-client',
    simulated: true,
    command: `npm run bench -- scheduler ${argv.join(' ')}`.trim(),
    settings: {
      ...options,
      tenantWeights: weights,
      providerAllowance: 20,
      providerConcurrency: options.slots + 8,
      kernelMaxRetries: maxRetries,
      warmupRuns: Math.min(200, options.runs),
    },
    range: {
      throughputRatio: figure('throughputRatio'),
      failedBy429: figure('failedBy429'),
      maxShareDeviation: figure('maxShareDeviation'),
      failedRuns: figure('failedRuns'),
      providerRateLimited: figure('providerRateLimited'),
    },
    invocations,
  };
  const file = new URL('./results/scheduler.json', import.meta.url);
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ ...result, invocations: undefined }, null, 2)}\n`);
}

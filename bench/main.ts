/**
 * `npm run bench -- <name> [options]`:
 * - `overhead [--passes 5] [--runs 100] [--warmup 20] [--only warden,ai-sdk] [--memory-runs 1000]`
 * - `layers [--runs 1000] [--warmup 1300]`: Warden's own cost per step by layer, in process, no HTTP.
 * - `planning [--seeds 3] [--multiple 2] [--large 4]`: the planning benchmark (simulated proposer).
 * - `security [--repeat 3] [--server-repeat 1]`: the security benchmark, built-in and held-out suites, in process
 *   and over the local OpenAI-compatible server; regenerates the results table of docs/eval.md.
 * - `policy`: the policy-decision benchmark (bench/policy-decision.ts), when present.
 * - `scheduler [--runs 1000] [--repeat 3] …`: the model-call scheduler under rate limits and 429s (bench/scheduler.ts).
 * - `instructions [--only …] [--runs 100]`: the overhead rows in machine instructions (valgrind), load-independent.
 * - `crash [--trials 200] [--workers 3] [--seed N]`: SIGKILL trials of worker processes (bench/crash.ts).
 * - `sandbox [--samples 30]`: QuickJS warm/cold, bwrap Python cold beside `python3 -c pass`, tool round trip.
 * - `codeact [--seeds 5] [--error-rate 0.2] [--max-turns 10]`: CodeAct vs ReAct, simulated model (bench/codeact.ts).
 * - `<name> --invocations 3 …`: runs the bench three times in a row and writes the median and range (bench/invocations.ts).
 * - `summarize --out <file> <a.json> …`: the median and range of reports already written.
 */
import { existsSync } from 'node:fs';
import { WardenError } from '../src/core/errors/warden-error.js';

const benches: Record<string, (argv: readonly string[]) => Promise<void>> = {
  overhead: async (argv) => (await import('./overhead/run-overhead.js')).runOverheadBench(argv),
  layers: async (argv) => {
    await (await import('./overhead/measure-layers.js')).runLayersBench(argv);
  },
  scheduler: async (argv) => (await import('./scheduler.js')).runSchedulerBench(argv),
  crash: async (argv) => (await import('./crash.js')).runCrashBench(argv),
  instructions: async (argv) => (await import('./instructions.js')).runInstructionsBench(argv),
  sandbox: async (argv) => (await import('./sandbox.js')).runSandboxBench(argv),
  codeact: async (argv) => (await import('./codeact.js')).runCodeActBench(argv),
  planning: async (argv) => (await import('./planning.js')).runPlanningBench(argv),
  security: async (argv) => (await import('./security.js')).runSecurityBench(argv),
  summarize: async (argv) => (await import('./invocations.js')).summarizeFiles(argv),
  policy: async (argv) => {
    const file = new URL('./policy-decision.ts', import.meta.url);
    if (!existsSync(file)) throw new TypeError('The policy bench (bench/policy-decision.ts) is not there yet.');
    const module = (await import(file.href)) as { runPolicyDecisionBench: (argv: readonly string[]) => unknown };
    await module.runPolicyDecisionBench(argv);
  },
};

/** Runs the bench named by `argv[0]` with the rest of `argv` as its options. */
export async function runBench(argv: readonly string[]): Promise<void> {
  const [name, ...rest] = argv;
  const bench = name === undefined ? undefined : benches[name];
  if (!bench) {
    throw new TypeError(
      `${name === undefined ? 'Name a bench' : `There is no bench "${name}"`}: npm run bench -- <${Object.keys(benches).join('|')}> [options]`,
    );
  }
  const at = rest.indexOf('--invocations');
  if (at >= 0) {
    const count = Number(rest[at + 1]);
    if (!Number.isInteger(count) || count < 1) throw new TypeError('--invocations must be a positive whole number.');
    (await import('./invocations.js')).runInvocations(name!, count, [...rest.slice(0, at), ...rest.slice(at + 2)]);
    return;
  }
  await bench(rest);
}

try {
  await runBench(process.argv.slice(2));
} catch (error) {
  // Expected failures (bad options, no anchors) get one line; anything else its stack.
  const expected = WardenError.isInstance(error) || error instanceof TypeError;
  process.stderr.write(`bench: ${expected ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}

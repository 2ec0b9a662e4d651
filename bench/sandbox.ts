/**
 * `npm run bench -- sandbox [--samples 30]`: the cost of a code action's sandbox on this machine.
 * - QuickJS warm: one small snippet on a warm worker (a fresh QuickJS runtime and context each time).
 * - QuickJS cold: a new worker thread, the WebAssembly module loaded, then the same snippet.
 * - Python cold: `pass` in the bubblewrap sandbox, beside plain `python3 -c pass` (the floor) on the same machine.
 * - Tool round trip: per call from inside the code through the real kernel (`kernel.runCode`), over the same call
 *   made directly with `kernel.callTools`; and the bridge alone (a host function, no kernel), for comparison.
 * Writes bench/results/sandbox.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPythonSandbox } from '../src/sandbox/bwrap/bwrap-sandbox.js';
import { createQuickJsSandbox } from '../src/sandbox/quickjs/quickjs-sandbox.js';
import type { SandboxToolBridge } from '../src/sandbox/sandbox.js';
import { median, round } from './overhead/statistics.js';
import { measureKernelRoundTrip } from './sandbox-kernel.js';

const SNIPPET = 'const xs = [1, 2, 3, 4, 5]; return xs.map((x) => x * x).reduce((a, b) => a + b, 0);';
const CALLS = 100;

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function samples(count: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await time(run));
  return out;
}

function spawnPass(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

function expectOk(result: { error?: { message: string } | undefined }): void {
  if (result.error) throw new Error(`the bench snippet failed: ${result.error.message}`);
}

/** Runs the sandbox bench and writes its JSON. */
export async function runSandboxBench(argv: readonly string[]): Promise<void> {
  const index = argv.indexOf('--samples');
  const count = index >= 0 ? Number(argv[index + 1]) : 30;
  if (!Number.isInteger(count) || count < 3) throw new TypeError('--samples takes an integer of at least 3');
  const noop: SandboxToolBridge = { names: ['noop'], call: async (_name, input) => input };

  const warm = createQuickJsSandbox();
  await warm.warm();
  for (let i = 0; i < 50; i++) expectOk(await warm.execute(SNIPPET));
  const warmMs = await samples(count * 5, async () => expectOk(await warm.execute(SNIPPET)));

  const loop = (calls: number) => `for (let i = 0; i < ${calls}; i++) await tools.noop(i); return 1;`;
  for (let i = 0; i < 10; i++) expectOk(await warm.execute(loop(CALLS), { tools: noop }));
  const withCalls = await samples(count, async () => expectOk(await warm.execute(loop(CALLS), { tools: noop })));
  const withoutCalls = await samples(count, async () => expectOk(await warm.execute(loop(0), { tools: noop })));
  const direct = await samples(count, async () => {
    for (let i = 0; i < CALLS; i++) await noop.call('noop', i);
  });
  const kernel = await measureKernelRoundTrip(warm, count, CALLS);
  await warm.close();
  const bridgeRoundTrip = (median(withCalls) - median(withoutCalls) - median(direct)) / CALLS;

  const coldMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const cold = createQuickJsSandbox({ poolSize: 0 });
    coldMs.push(await time(async () => expectOk(await cold.execute(SNIPPET))));
    await cold.close();
  }

  const python = createPythonSandbox();
  let pythonMs: number[] = [];
  let pythonFloorMs: number[] = [];
  if (python.available) {
    expectOk(await python.execute('pass'));
    pythonMs = await samples(count, async () => expectOk(await python.execute('pass')));
  }
  await spawnPass('python3', ['-c', 'pass']);
  pythonFloorMs = await samples(count, () => spawnPass('python3', ['-c', 'pass']));
  const pythonIsolatedFloorMs = await samples(count, () => spawnPass('/usr/bin/python3', ['-I', '-S', '-c', 'pass']));

  const file = new URL('./results/sandbox.json', import.meta.url);
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pythonColdMsMedian?: unknown }) : {};
  const earlierPython = typeof previous.pythonColdMsMedian === 'number' ? previous.pythonColdMsMedian : null;
  const result = {
    quickjsWarmMsMedian: round(median(warmMs)),
    quickjsColdMsMedian: round(median(coldMs)),
    // Without bubblewrap here, the figure of the last run that had it is kept, and said to be so.
    pythonColdMsMedian: python.available ? round(median(pythonMs)) : earlierPython,
    toolRoundTripMsMedian: round(kernel.overDirectMs, 4),
    toolRoundTrip: {
      through: 'the real kernel: kernel.runCode in a run (memory store, no policy), over a direct kernel.callTools',
      fromCodeMsMedian: round(kernel.fromCodeMs, 4),
      directKernelCallMsMedian: round(kernel.directMs, 4),
      bridgeOnlyMsMedian: round(bridgeRoundTrip, 4),
    },
    floors: {
      python3PassMsMedian: round(median(pythonFloorMs)),
      usrBinPython3IsolatedPassMsMedian: round(median(pythonIsolatedFloorMs)),
      directToolCallMsMedian: round(median(direct) / CALLS, 5),
    },
    samples: count,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    note: python.available
      ? undefined
      : `bubblewrap is not installed (apt-get install -y bubblewrap): Python was not measured in this run; pythonColdMsMedian ${earlierPython === null ? 'is null' : 'is the previous run’s figure'}`,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

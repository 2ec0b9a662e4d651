/**
 * `npm run bench -- sandbox [--samples 30]`: the cost of a code action's sandbox on this machine.
 * - QuickJS warm: one small snippet on a warm worker (a fresh QuickJS runtime and context each time).
 * - QuickJS cold: a new worker thread, the WebAssembly module loaded, then the same snippet.
 * - Python cold: `pass` in the bubblewrap sandbox, beside plain `python3 -c pass` (the floor) on the same machine.
 * - Tool round trip: per call from inside the code, over the same call made directly (`tools.call` on the host).
 * Writes bench/results/sandbox.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createPythonSandbox } from '../src/sandbox/bwrap/bwrap-sandbox.js';
import { createQuickJsSandbox } from '../src/sandbox/quickjs/quickjs-sandbox.js';
import type { SandboxToolBridge } from '../src/sandbox/sandbox.js';
import { median, round } from './overhead/statistics.js';

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
  await warm.close();
  const roundTrip = (median(withCalls) - median(withoutCalls) - median(direct)) / CALLS;

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

  const result = {
    quickjsWarmMsMedian: round(median(warmMs)),
    quickjsColdMsMedian: round(median(coldMs)),
    pythonColdMsMedian: python.available ? round(median(pythonMs)) : null,
    toolRoundTripMsMedian: round(roundTrip, 4),
    floors: {
      python3PassMsMedian: round(median(pythonFloorMs)),
      usrBinPython3IsolatedPassMsMedian: round(median(pythonIsolatedFloorMs)),
      directToolCallMsMedian: round(median(direct) / CALLS, 5),
    },
    samples: count,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    note: python.available ? undefined : 'bubblewrap is not installed: apt-get install -y bubblewrap',
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/sandbox.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

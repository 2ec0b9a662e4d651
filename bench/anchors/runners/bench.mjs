// Shared measurement harness for one runner process.
// Env: FAKE_PORT, STEPS (default 10), WARMUP (default 20), RUNS (default 200), SETTLE (default 1000).
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const PORT = Number(process.env.FAKE_PORT);
export const BASE_URL = `http://127.0.0.1:${PORT}/v1`;
export const STEPS = Number(process.env.STEPS || 10);
export const WARMUP = Number(process.env.WARMUP || 20);
export const RUNS = Number(process.env.RUNS || 200);
// SETTLE runs between the forced GC (the heap baseline) and the timed runs, untimed: see below.
export const SETTLE = Number(process.env.SETTLE ?? 1000);
// PARALLEL=P: every step asks for P tool calls at once (the fake server reads it from the model name).
export const PARALLEL = Number(process.env.PARALLEL || 1);
export const MODEL = PARALLEL > 1 ? `fake-model-p${PARALLEL}` : 'fake-model';
export const PROMPT = 'Use the add tool on a=1, b=2 repeatedly until told to stop.';
export const addSchema = z.object({ a: z.number().describe('first addend'), b: z.number().describe('second addend') });
export const counter = { toolCalls: 0 };
export function add({ a, b }) {
  counter.toolCalls++;
  return a + b;
}

const gc = globalThis.gc ?? (() => {});
// utime + stime of this process's main thread in ms, from /proc (NaN where there is none). Clock ticks are 10 ms.
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
const mb = (x) => Math.round((x / 1048576) * 10) / 10;
function q(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

// runOnce(): performs one full agent run and resolves to the final text.
export async function bench(name, version, runOnce) {
  const check = async () => {
    counter.toolCalls = 0;
    const text = await runOnce();
    const want = (STEPS - 1) * PARALLEL;
    if (String(text).trim() !== 'done' || counter.toolCalls !== want) {
      throw new Error(
        `${name}: bad run: text=${JSON.stringify(text)} toolCalls=${counter.toolCalls} (want 'done', ${want})`,
      );
    }
  };
  const startupMs = performance.now(); // process start -> imports done + agent constructed
  const t = performance.now();
  await check();
  const firstRunMs = performance.now() - t;
  for (let i = 1; i < WARMUP; i++) await check();
  gc();
  gc();
  const m0 = process.memoryUsage();
  // The forced GC throws away optimized code that embedded objects of finished runs ("weak objects"), far more of it
  // than a framework's own GCs do, and V8 recompiles it on its background threads over the next hundreds of runs
  // (a function called once a run is compiled again only after hundreds of calls). Those runs are not timed: the GC
  // is the harness's, not the framework's (a framework's own GCs, and the recompiles they cause, fall inside the
  // timed runs). bench/README.md, "Settling after the harness's GC".
  for (let i = 0; i < SETTLE; i++) await check();
  await fetch(`http://127.0.0.1:${PORT}/stats/reset`, { method: 'POST' }).then((r) => r.text());
  const times = [];
  let peakRss = m0.rss;
  const profile = await startProfile();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await check();
    times.push(performance.now() - t0);
    if ((i & 15) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const cpu = process.cpuUsage(cpu0);
  const mainMs = mainThreadCpuMs() - main0;
  await profile?.stop();
  const stats = await fetch(`http://127.0.0.1:${PORT}/stats`).then((r) => r.json());
  gc();
  gc();
  const m1 = process.memoryUsage();
  const sorted = [...times].sort((x, y) => x - y);
  const mean = times.reduce((s, x) => s + x, 0) / times.length;
  const res = {
    name,
    version,
    steps: STEPS,
    warmup: WARMUP,
    runs: RUNS,
    startupMs,
    firstRunMs,
    clientCpuMsPerRun: (cpu.user + cpu.system) / 1000 / RUNS,
    // The JavaScript thread alone (Linux); the rest of clientCpu is V8's GC and compiler threads and libuv's pool.
    mainThreadCpuMsPerRun: Number.isNaN(mainMs) ? undefined : mainMs / RUNS,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    p95Ms: q(sorted, 0.95),
    minMs: sorted[0],
    meanMs: mean,
    rssAfterWarmupMB: mb(m0.rss),
    rssEndMB: mb(m1.rss),
    rssGrowthMB: mb(m1.rss - m0.rss),
    peakRssMB: mb(peakRss),
    heapAfterWarmupMB: mb(m0.heapUsed),
    heapGrowthMB: mb(m1.heapUsed - m0.heapUsed),
    decilesMs: [0.1, 0.25, 0.5, 0.75, 0.9, 0.99].map((p) => Math.round(q(sorted, p) * 100) / 100),
    server: {
      requests: stats.requests,
      chat: stats.chat,
      responses: stats.responses,
      other: stats.other,
      handlerUsPerReq: stats.requests ? Math.round(stats.handlerNs / stats.requests / 10) / 100 : null,
      bytesInPerReq: stats.requests ? Math.round(stats.bytesIn / stats.requests) : null,
    },
  };
  process.stdout.write('RESULT ' + JSON.stringify(res) + '\n');
  return res;
}

// CPU_PROFILE=<file.cpuprofile> profiles the timed runs only (not start-up or warmup).
async function startProfile() {
  const file = process.env.CPU_PROFILE;
  if (!file) return undefined;
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: Number(process.env.CPU_PROFILE_INTERVAL_US || 100) });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
export function pkgVersion(spec) {
  return JSON.parse(readFileSync(new URL(`../node_modules/${spec}/package.json`, import.meta.url), 'utf8')).version;
}

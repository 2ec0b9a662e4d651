/**
 * Measures the SQLite run store on the kernel's hot path: one event appended at a time.
 * Run: `node --expose-gc --import tsx src/store/sqlite/measure-sqlite-store.ts [runs=1000]`
 * (`MEASURE_PATH=:memory:` to leave the disk out). Not a test: it prints numbers.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../../core/events.js';
import { createSqliteStore, type SqliteRunStore } from './sqlite-store.js';

const usage = { inputTokens: 812, outputTokens: 96, totalTokens: 908 };
const prose = (n: number) => 'The quick brown fox jumps over the lazy dog. '.repeat(n);

/** About what a ReAct run writes: 8 steps of 7 events, plus start, resume-free end. */
function runEvents(runId: string): RunEvent[] {
  const base = (seq: number) => ({ runId, seq, time: 1_700_000_000_000 + seq });
  const events: RunEvent[] = [
    { ...base(0), type: 'run-start', agent: 'assistant', input: prose(2), model: 'openai:gpt-4o', strategy: 'react' },
  ];
  for (let step = 0; step < 8; step++) {
    const syscallId = `${runId}:${step}`;
    const call = { toolCallId: `call_${step}`, toolName: 'search' };
    const next = () => base(events.length);
    events.push({ ...next(), type: 'step-start', step });
    events.push({
      ...next(),
      type: 'model-request',
      syscallId,
      step,
      model: 'gpt-4o',
      messageCount: 3 + step * 2,
      tools: ['search', 'read'],
    });
    events.push({
      ...next(),
      type: 'model-response',
      syscallId,
      step,
      content: [
        { type: 'text', text: prose(4) },
        { type: 'tool-call', ...call, input: { query: `step ${step} query` } },
      ],
      finishReason: 'tool-calls',
      usage,
      costUsd: 0.0031,
      durationMs: 812,
    });
    events.push({
      ...next(),
      type: 'tool-call',
      syscallId,
      ...call,
      input: { query: `step ${step} query` },
      source: 'local',
    });
    events.push({
      ...next(),
      type: 'policy-decision',
      syscallId,
      action: 'tool:search',
      decision: 'allow',
      ruleId: 'r1',
      durationUs: 3,
    });
    events.push({
      ...next(),
      type: 'tool-result',
      syscallId,
      ...call,
      output: { hits: [prose(3), prose(3)] },
      durationMs: 40,
    });
    events.push({ ...next(), type: 'step-end', step, usage });
  }
  events.push({
    ...base(events.length),
    type: 'run-end',
    status: 'completed',
    output: prose(2),
    usage,
    costUsd: 0.025,
    durationMs: 9000,
    steps: 8,
  });
  return events;
}

const runIdOf = (r: number) => `run_${String(r).padStart(20, '0')}`;

interface Cost {
  /** Wall-clock µs. */
  wall: number;
  /** CPU µs (user + system) of this process: less disturbed by other load on the machine. */
  cpu: number;
}

const format = (cost: Cost) => `${cost.wall.toFixed(1)} µs wall, ${cost.cpu.toFixed(1)} µs CPU`;

/** Writes `runs` runs, `concurrent` at a time in lockstep, one event per append; returns the cost per append. */
async function writeRuns(store: SqliteRunStore, from: number, runs: number, concurrent: number): Promise<Cost> {
  let elapsed = 0;
  let cpu = 0;
  let appends = 0;
  for (let r = from; r < from + runs; r += concurrent) {
    const ids = Array.from({ length: concurrent }, (_, i) => runIdOf(r + i));
    for (const [i, id] of ids.entries()) {
      await store.createRun({ id, agent: 'assistant', model: 'openai:gpt-4o', input: prose(2), createdAt: r + i });
    }
    const logs = ids.map(runEvents);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (let seq = 0; seq < logs[0]!.length; seq++) {
      await Promise.all(logs.map((log, i) => store.append(ids[i]!, [log[seq]!])));
    }
    const cpuUsed = process.cpuUsage(cpuStart);
    cpu += (cpuUsed.user + cpuUsed.system) / 1000;
    elapsed += performance.now() - start;
    appends += logs.length * logs[0]!.length;
    for (const id of ids) await store.updateRun(id, { status: 'completed', steps: 8, usage, costUsd: 0.025 });
  }
  return { wall: (elapsed * 1000) / appends, cpu: (cpu * 1000) / appends };
}

/** Resident memory after a full garbage collection when run with `--expose-gc`, so garbage does not count. */
function settledMemory(): { rss: number; heapUsed: number } {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
}

async function main() {
  const runs = Number(process.argv[2] ?? 1000);
  const directory = mkdtempSync(join(tmpdir(), 'warden-measure-'));
  const inMemory = process.env.MEASURE_PATH === ':memory:';
  const path = inMemory ? ':memory:' : join(directory, 'warden.db');
  const store = createSqliteStore({ path });
  const before = settledMemory();
  const sequential = await writeRuns(store, 0, runs, 1);
  const after = settledMemory();
  const reads: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < 500; i++) await store.readEvents(runIdOf((i * 7919) % runs));
    reads.push(((performance.now() - start) * 1000) / 500);
  }
  await store.close();
  const fileBytes = inMemory ? 0 : statSync(path).size;

  const groupedStore = createSqliteStore({ path: inMemory ? ':memory:' : join(directory, 'grouped.db') });
  const grouped = await writeRuns(groupedStore, 0, Math.min(runs, 300), 10);
  await groupedStore.close();
  rmSync(directory, { recursive: true, force: true });

  const eventsPerRun = runEvents('x').length;
  const bytesPerEvent = runEvents('run_00000000000000000000').reduce((sum, e) => sum + JSON.stringify(e).length, 0);
  const perThousand = 1000 / runs;
  const lines = [
    `${inMemory ? ':memory:' : 'file'}: ${runs} runs of ${eventsPerRun} events, ${(bytesPerEvent / eventsPerRun).toFixed(0)} B of JSON per event`,
    `append, 1 event, one run at a time: ${format(sequential)}`,
    `append, 1 event, 10 runs concurrently (group commit): ${format(grouped)}`,
    `readEvents of a ${eventsPerRun}-event run (median of 5 x 500): ${reads.sort((a, b) => a - b)[2]!.toFixed(1)} µs`,
    `file per 1000 runs: ${((fileBytes * perThousand) / 1e6).toFixed(1)} MB (${(fileBytes / (runs * eventsPerRun)).toFixed(0)} B per event)`,
    `RSS growth per 1000 runs${'gc' in globalThis ? ' (after gc)' : ' (run with --expose-gc to exclude garbage)'}: ${(((after.rss - before.rss) * perThousand) / 1e6).toFixed(1)} MB` +
      ` (JS heap ${(((after.heapUsed - before.heapUsed) * perThousand) / 1e6).toFixed(1)} MB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();

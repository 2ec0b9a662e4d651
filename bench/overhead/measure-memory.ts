import { runRunner, type RunSettings } from './run-runner.js';

/** What `runners/warden-memory.mjs` reports for one kind of store. */
export interface StoreMemory {
  store: 'sqlite' | 'memory';
  runs: number;
  storedRuns: number;
  eventsPerRun: number;
  /** Heap the runtime and its store keep per completed run, results dropped. */
  runtimeHeapKBPerRun: number;
  runtimeRssKBPerRun: number;
  /** Heap of one `RunResult` a caller keeps. */
  resultHeapKBPerRun: number;
  rssKBPerRunWithResults: number;
  heapAfterWarmupMB: number;
  rssAfterWarmupMB: number;
  sqliteFileBytes?: number;
  sqliteMBPer1000Runs?: number;
  sqliteBytesPerEvent?: number;
}

/** Warden's memory per idle (completed) run, with the SQLite store and with the in-memory one. */
export interface MemoryFigures {
  sqlite?: StoreMemory;
  memory?: StoreMemory;
  failures?: string[];
}

/** Runs the memory runner once per store kind, `runs` kept runs each. */
export async function measureMemory(settings: Omit<RunSettings, 'runs'>, runs: number): Promise<MemoryFigures> {
  const figures: MemoryFigures = {};
  const failures: string[] = [];
  for (const store of ['sqlite', 'memory'] as const) {
    const outcome = await runRunner<StoreMemory>({ file: 'warden-memory' }, { ...settings, runs }, { STORE: store });
    if (outcome.ok) figures[store] = outcome.result;
    else failures.push(`${store}: ${outcome.error}`);
  }
  if (failures.length > 0) figures.failures = failures;
  return figures;
}

/**
 * `npm run bench -- layers [--runs 1000] [--warmup 1300]`: Warden's own cost per step, layer by layer, in one process
 * with no HTTP: the OpenAI adapter beside the bare SDK (both over an in-process fetch), the kernel with no store, with
 * the in-memory store and with the SQLite store (the journal's durability), and the SQLite appends alone. Each layer
 * is warmed up for as many runs as the overhead bench's runners (300 warmup + 1000 settling), so it is timed in the
 * steady state.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRunStore } from '../../src/store/memory-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { resultsDir } from './anchors-dir.js';
import {
  adapterLoop,
  providerMapping,
  sdkLoop,
  sqliteAppends,
  sqliteTwoCommits,
  steps,
  wardenRun,
} from './layer-units.js';
import { formatLayersTable, type LayerFigure, type LayersReport } from './layers-table.js';
import { createNullStore } from './null-store.js';
import { median, round } from './statistics.js';

/** Times `unit` (one 10-step run's worth of work) `runs` times per round, after `warmup` untimed ones. */
async function measure(layer: string, unit: () => Promise<unknown> | unknown, runs: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await unit();
  const rounds: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await unit();
    rounds.push(((performance.now() - t0) * 1000) / runs / steps);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    layer,
    usPerStep: round(median(rounds), 1),
    cpuUsPerStep: round((cpu.user + cpu.system) / (5 * runs) / steps, 1),
  } satisfies LayerFigure;
}

/** Measures every layer, prints a table and writes it to `bench/results/layers.md`; returns the figures. */
export async function runLayersBench(argv: readonly string[]): Promise<LayerFigure[]> {
  const option = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const runs = option('--runs', 1000);
  const warmup = option('--warmup', 1300);
  const directory = mkdtempSync(join(tmpdir(), 'warden-layers-'));
  const figures: LayerFigure[] = [];
  const layer = async (name: string, unit: () => Promise<unknown> | unknown, scale = 1) =>
    figures.push(await measure(name, unit, runs * scale, warmup * scale));
  try {
    const sqlite = createSqliteStore({ path: join(directory, 'kernel.db') });
    const appendStore = createSqliteStore({ path: join(directory, 'append.db') });
    const runStore = createSqliteStore({ path: join(directory, 'run.db') });
    await layer('provider mapping (toOpenAIBody + fromOpenAICompletion)', providerMapping(), 10);
    await layer("the openai SDK alone, in-process fetch (the floor's work)", sdkLoop());
    await layer("Warden's OpenAI adapter over the same SDK and fetch", adapterLoop());
    await layer('kernel + react, no store', wardenRun(createNullStore()));
    await layer('kernel + react, in-memory store', wardenRun(new MemoryRunStore()));
    await layer('kernel + react, SQLite store (file)', wardenRun(sqlite));
    await layer('SQLite appends alone (2 commits per step)', sqliteAppends(appendStore));
    await layer('SQLite, one run in 2 commits (read-only tools)', sqliteTwoCommits(runStore));
    await sqlite.close();
    await appendStore.close();
    await runStore.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const report: LayersReport = {
    figures,
    runs,
    warmup,
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
  const table = formatLayersTable(report);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'layers.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'layers.md'), table);
  process.stdout.write(table);
  return figures;
}

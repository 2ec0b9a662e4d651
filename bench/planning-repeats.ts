/**
 * `npx tsx bench/planning-repeats.ts a.json b.json c.json`: combines consecutive invocations of
 * `npm run bench -- planning` (each one's bench/results/planning.json, copied aside) into
 * bench/results/planning.json with a `repeats` section: whether every count is identical across them (they
 * are deterministic per proposer seed: success, model calls, choices, tokens, cost, errors), and the median
 * and range of what varies, the wall times. The cells kept are the invocation with the median wall time.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const wallKeys = new Set(['wallMs', 'wallMsMean']);

/** The report without its wall times: what must be identical across invocations. */
export function withoutWallTimes(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutWallTimes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !wallKeys.has(key) && key !== 'repeats')
      .map(([key, inner]) => [key, withoutWallTimes(inner)]),
  );
}

/** Median and range of numbers. */
export function spread(values: readonly number[]): { median: number; range: [number, number]; values: number[] } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median: Math.round(median), range: [sorted[0] as number, sorted.at(-1) as number], values: [...values] };
}

type Report = { wallMs: number; strategies: Record<string, Record<string, { wallMsMean: number }>> };

/** Combines the reports of consecutive invocations. */
export function combinePlanningRuns(reports: readonly Report[]): Report & { repeats: Json } {
  const texts = reports.map((report) => JSON.stringify(withoutWallTimes(report as unknown as Json)));
  const countsIdentical = texts.every((text) => text === texts[0]);
  const wall = spread(reports.map((report) => report.wallMs));
  const base = reports.find((report) => report.wallMs === wall.median) ?? (reports[0] as Report);
  const byCell: Record<string, Record<string, Json>> = {};
  for (const [name, cells] of Object.entries(base.strategies)) {
    byCell[name] = {};
    for (const p of Object.keys(cells)) {
      const values = reports.map((report) => report.strategies[name]?.[p]?.wallMsMean ?? 0);
      (byCell[name] as Record<string, Json>)[p] = spread(values) as unknown as Json;
    }
  }
  return {
    ...base,
    repeats: {
      invocations: reports.length,
      command: 'npm run bench -- planning (consecutive invocations, default options)',
      countsIdentical,
      note: 'Every count (success, model calls, choices, tokens, cost, errors) is deterministic per proposer seed, so it is the same in every invocation (countsIdentical); only wall time varies, on a 2-core machine shared with other work, so wall times are noisy. The cells are those of the invocation with the median wall time.',
      wallMs: wall as unknown as Json,
      wallMsMeanPerRun: byCell as unknown as Json,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  if (files.length < 2) throw new TypeError('Give the planning.json of at least two invocations.');
  const combined = combinePlanningRuns(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report));
  const out = new URL('./results/planning.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify(combined, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(combined.repeats)}\n`);
}

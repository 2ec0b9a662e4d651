/**
 * Figures must reproduce: a bench is run several times in a row, each invocation in its own process, and reported
 * as the median and range of its invocations, never a best run.
 *
 * `npm run bench -- <name> --invocations 3 [options]` runs `<name>` three times and rewrites its result file with
 * the summary; `npm run bench -- summarize --out <file> <a.json> <b.json> …` summarizes results already written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, round } from './overhead/statistics.js';
import { summaryTables } from './summary-tables.js';

/** The median and range of one figure over the invocations. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** A bench's results over several invocations. */
export interface InvocationSummary {
  invocations: number;
  /** Every numeric figure that differed between invocations, by its dotted path: median, min and max. */
  range: Record<string, Spread>;
  /** Numeric figures that were the same in every invocation (deterministic ones, such as counts). */
  identical: string[];
  /** Each invocation's own report, in the order they ran. */
  invocationReports: unknown[];
}

/**
 * The reports of several invocations as one: the first report's shape with every number replaced by its median
 * over the invocations, plus `range` for the figures that varied. Fields that are not numbers (names, notes) are
 * kept from the first report; `seed` and `measuredAt` are listed per invocation instead.
 */
export function summarizeInvocations(reports: readonly unknown[]): Record<string, unknown> & InvocationSummary {
  if (reports.length === 0) throw new TypeError('summarize needs at least one report.');
  const range: Record<string, Spread> = {};
  const identical: string[] = [];
  const walk = (values: readonly unknown[], path: string): unknown => {
    const [first] = values;
    if (typeof first === 'number') {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      if (numbers.length !== values.length) return first;
      const min = Math.min(...numbers);
      const max = Math.max(...numbers);
      const middle = round(median(numbers), 4);
      if (min === max) identical.push(path);
      else range[path] = { median: middle, min, max };
      return middle;
    }
    if (Array.isArray(first)) {
      if (!values.every((value) => Array.isArray(value) && value.length === first.length)) return first;
      return first.map((_, i) =>
        walk(
          values.map((value) => (value as unknown[])[i]),
          `${path}[${i}]`,
        ),
      );
    }
    if (first !== null && typeof first === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(first)) {
        const at = path ? `${path}.${key}` : key;
        out[key] = walk(
          values.map((value) => (value as Record<string, unknown> | undefined)?.[key]),
          at,
        );
      }
      return out;
    }
    return first;
  };
  const perInvocation = ['seed', 'measuredAt'];
  const merged = walk(
    reports.map((report) => omit(report, perInvocation)),
    '',
  ) as Record<string, unknown>;
  for (const key of perInvocation) {
    const values = reports.map((report) => (report as Record<string, unknown>)[key]);
    if (values.some((value) => value !== undefined)) merged[`${key}s`] = values;
  }
  return { ...merged, invocations: reports.length, range, identical, invocationReports: [...reports] };
}

function omit(report: unknown, keys: readonly string[]): unknown {
  if (report === null || typeof report !== 'object' || Array.isArray(report)) return report;
  return Object.fromEntries(Object.entries(report).filter(([key]) => !keys.includes(key)));
}

/** Where each bench writes its report. */
const resultFiles: Record<string, string> = {
  crash: 'crash.json',
  sandbox: 'sandbox.json',
  codeact: 'codeact.json',
  policy: 'policy-decision.json',
  overhead: 'overhead.json',
  planning: 'planning.json',
  instructions: 'instructions.json',
  layers: 'layers.json',
};

/**
 * Runs bench `name` `count` times in a row, each in a fresh process, and rewrites its result file with
 * the summary. A bench taking `--seed N` gets seeds N, N+1, … so the invocations are distinct trials.
 */
export function runInvocations(name: string, count: number, argv: readonly string[]): void {
  const file = resultFiles[name];
  if (!file) {
    throw new TypeError(`--invocations works for ${Object.keys(resultFiles).join(', ')}; "${name}" repeats itself.`);
  }
  const path = fileURLToPath(new URL(`./results/${file}`, import.meta.url));
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const seedAt = argv.indexOf('--seed');
  const reports: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const args = [...argv];
    if (seedAt >= 0) args[seedAt + 1] = String(Number(args[seedAt + 1]) + i);
    process.stderr.write(`invocation ${i + 1} of ${count}: ${name} ${args.join(' ')}\n`);
    const before = existsSync(path) ? statSync(path).mtimeMs : 0;
    const child = spawnSync(process.execPath, ['--import', 'tsx', main, name, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
    if (child.status !== 0) throw new TypeError(`invocation ${i + 1} of ${name} failed (exit ${child.status}).`);
    // A bench that rewrote its file is read from it; one that only prints its report (policy), from stdout.
    const rewritten = existsSync(path) && statSync(path).mtimeMs !== before;
    reports.push(JSON.parse(rewritten ? readFileSync(path, 'utf8') : lastJson(child.stdout.toString())));
  }
  const summary = writeSummary(path, reports);
  summaryTables[name]?.(summary);
}

/** The JSON object a bench printed last (its report), after any lines of progress. */
function lastJson(stdout: string): string {
  const start = stdout.lastIndexOf('\n{');
  const text = (start >= 0 ? stdout.slice(start + 1) : stdout).trim();
  if (!text.startsWith('{'))
    throw new TypeError('the bench neither rewrote its result file nor printed a JSON report.');
  return text;
}

/** `summarize --out <file> <report.json>…`: the summary of reports already on disk. */
export function summarizeFiles(argv: readonly string[]): void {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const inputs = argv.filter((_, i) => i !== outAt && i !== outAt + 1);
  if (!out || inputs.length === 0) throw new TypeError('usage: npm run bench -- summarize --out <file> <a.json> …');
  writeSummary(
    out,
    inputs.map((input) => JSON.parse(readFileSync(input, 'utf8'))),
  );
}

function writeSummary(path: string, reports: readonly unknown[]): ReturnType<typeof summarizeInvocations> {
  const summary = summarizeInvocations(reports);
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
  const varied = Object.entries(summary.range).map(
    ([key, spread]) => `${key} ${spread.median} (${spread.min}–${spread.max})`,
  );
  process.stdout.write(`${reports.length} invocations → ${path}\n${varied.join('\n')}\n`);
  return summary;
}

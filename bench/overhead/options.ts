/** Options of `npm run bench -- overhead`. */
export interface OverheadOptions {
  /** Each pass runs every runner once, in rotated order. @default 5 */
  passes: number;
  /** Timed runs per runner per pass. @default 300 */
  runs: number;
  /**
   * Untimed runs before them. Enough for V8 to have compiled the hot code: with 20, the timed runs mostly measured
   * the compiler (bench/README.md, "Steady state"). @default 300
   */
  warmup: number;
  /**
   * Untimed runs between the harness's forced GC (its heap baseline, after the warmup) and the timed runs. That GC
   * throws away far more optimized code than a framework's own GCs do, and V8 takes hundreds of runs to compile it
   * again (bench/README.md, "Settling after the harness's GC"). @default 1000
   */
  settle: number;
  /** Runner ids to run (the floor always runs). @default all */
  only?: string[];
  /** Runs kept in the memory measurement; 0 skips it. @default 1000 */
  memoryRuns: number;
}

const defaults: OverheadOptions = { passes: 5, runs: 300, warmup: 300, settle: 1000, memoryRuns: 1000 };

const counts = {
  '--passes': 'passes',
  '--runs': 'runs',
  '--warmup': 'warmup',
  '--settle': 'settle',
  '--memory-runs': 'memoryRuns',
} as const;

/** Parses `--passes 5 --runs 300 --warmup 300 --settle 1000 --only warden,ai-sdk --memory-runs 1000` (also `--name=value`). */
export function parseOverheadOptions(argv: readonly string[]): OverheadOptions {
  const options: OverheadOptions = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new TypeError(`${flag} needs a value.`);
    if (flag === '--only') {
      options.only = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      continue;
    }
    if (!(flag in counts)) {
      throw new TypeError(
        `Unknown option ${flag}; the options are --passes, --runs, --warmup, --settle, --only, --memory-runs.`,
      );
    }
    const count = Number(value);
    const key = counts[flag as keyof typeof counts];
    const least = key === 'passes' || key === 'runs' ? 1 : 0;
    if (!Number.isInteger(count) || count < least) {
      throw new TypeError(`${flag} wants a whole number of at least ${least}, not "${value}".`);
    }
    options[key] = count;
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

/** What a runner stands for in the comparison. */
export type RunnerRole = 'floor' | 'reference' | 'anchor' | 'warden';

/** One runner script under `bench/anchors/runners/`, run as its own child process. */
export interface RunnerSpec {
  /** The name used by `--only` and as the key in `overhead.json`. */
  id: string;
  /** The script's file name without `.mjs`. */
  file: string;
  role: RunnerRole;
  /** Loads Warden's build (`dist/`, as users install it), so `npm run build` runs before the bench. */
  needsBuild?: boolean;
  env?: Record<string, string>;
}

/** Every runner, in the order of the first pass. */
export const allRunners: readonly RunnerSpec[] = [
  { id: 'raw-fetch', file: 'raw-fetch', role: 'reference' },
  { id: 'plain-openai', file: 'plain-openai', role: 'floor' },
  { id: 'warden', file: 'warden', role: 'warden', needsBuild: true },
  // The same with the in-memory store: how much of Warden's overhead is the journal's durability.
  { id: 'warden-memory-store', file: 'warden', role: 'reference', needsBuild: true, env: { WARDEN_STORE: 'memory' } },
  // The same with `add` declared as changing the world: a durable intent before every call.
  {
    id: 'warden-side-effects',
    file: 'warden',
    role: 'reference',
    needsBuild: true,
    env: { WARDEN_TOOL: 'side-effect' },
  },
  // 8 tool calls a step, each decided by a 100-rule policy over a labelled history; beside the AI SDK doing the
  // same 8-call steps (with no policy at all).
  {
    id: 'warden-parallel-policy',
    file: 'warden',
    role: 'reference',
    needsBuild: true,
    env: { PARALLEL: '8', WARDEN_POLICY: '100' },
  },
  { id: 'ai-sdk-parallel', file: 'ai-sdk', role: 'reference', env: { PARALLEL: '8' } },
  { id: 'ai-sdk', file: 'ai-sdk', role: 'anchor' },
  { id: 'openai-agents', file: 'openai-agents', role: 'anchor' },
  { id: 'langgraph', file: 'langgraph', role: 'anchor' },
  { id: 'mastra', file: 'mastra', role: 'anchor' },
];

/** The runners named by `--only` (the floor always runs: every figure is relative to it). */
export function selectRunners(only: readonly string[] | undefined): RunnerSpec[] {
  if (!only) return [...allRunners];
  const unknown = only.filter((id) => !allRunners.some((runner) => runner.id === id));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown runner ${unknown.map((id) => `"${id}"`).join(', ')} in --only; the runners are ${allRunners.map((runner) => runner.id).join(', ')}.`,
    );
  }
  return allRunners.filter((runner) => runner.role === 'floor' || only.includes(runner.id));
}

/** The order of pass `pass` (0-based): the list rotated by one per pass, so no runner always goes first. */
export function rotate<T>(items: readonly T[], pass: number): T[] {
  if (items.length === 0) return [];
  const shift = pass % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

import type { ModelToolSpec } from '../../models/language-model.js';

/** One action of a planning task: a tool call with its input. */
export interface PlanningAction {
  tool: string;
  input: Record<string, string>;
}

/** What applying an action to a state gives: a new state, or an error the agent reads. */
export type StepOutcome<S> =
  | { ok: true; state: S; cost: number; output: string }
  | { ok: false; error: string; code: 'inapplicable' | 'unauthorized' | 'unknown-tool' };

/**
 * A planning task with an exactly known optimum. States are immutable values; `key` identifies them.
 * `remaining(state)` is the exact optimal number of steps to a goal (Infinity from a dead end): it is what a
 * simulated proposer knows and what the benchmark measures plan quality against.
 */
export interface PlanningTask<S = unknown> {
  readonly id: string;
  readonly domain: 'tool-graph' | 'blocksworld';
  readonly goal: string;
  readonly tools: readonly ModelToolSpec[];
  readonly initial: S;
  /** Every syntactically valid action (applicable or not) in `state`. */
  actions(state: S): PlanningAction[];
  step(state: S, action: PlanningAction): StepOutcome<S>;
  isGoal(state: S): boolean;
  key(state: S): string;
  /** Exact optimal cost-to-go (in cost units) and steps-to-go along a cost-optimal plan. */
  remaining(state: S): { cost: number; steps: number };
  /** A cost-optimal plan from `initial`, found by exact search. */
  readonly optimal: { plan: PlanningAction[]; cost: number; length: number };
  /** Whether an action counts as a decoy use (tool-graph decoys). */
  isDecoy(action: PlanningAction): boolean;
}

/** Canonical text of an action, for keys and prompts. */
export function actionKey(action: PlanningAction): string {
  const args = Object.keys(action.input)
    .sort()
    .map((name) => `${name}=${action.input[name]}`)
    .join(',');
  return `${action.tool}(${args})`;
}

/** A small deterministic PRNG (mulberry32): the kernel's own. */
export { seededRandom } from '../../core/ids.js';

/** A 32-bit FNV-1a hash of a string, for seeding. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Replays `plan` from the task's initial state; stops at the first failing action. */
export function replayPlan<S>(
  task: PlanningTask<S>,
  plan: readonly PlanningAction[],
): { state: S; cost: number; errors: number; decoys: number } {
  let state = task.initial;
  let cost = 0;
  let errors = 0;
  let decoys = 0;
  for (const action of plan) {
    if (task.isDecoy(action)) decoys++;
    const outcome = task.step(state, action);
    if (!outcome.ok) {
      errors++;
      continue;
    }
    state = outcome.state;
    cost += outcome.cost;
  }
  return { state, cost, errors, decoys };
}

import { optimalPlan } from './tool-graph.js';
import { type PlanningAction, type PlanningTask, type StepOutcome, seededRandom } from './planning-domain.js';

/** `on[i]` is the block that block i sits on, or `n` for the table. */
export interface BlocksState {
  readonly on: readonly number[];
}

const LETTERS = 'ABCDEFGHIJ';

function encode(on: readonly number[], base: number): number {
  let code = 0;
  for (let i = on.length - 1; i >= 0; i--) code = code * base + (on[i] as number);
  return code;
}

function clearBlocks(on: readonly number[]): boolean[] {
  const clear = on.map(() => true);
  for (const below of on) if (below < on.length) clear[below] = false;
  return clear;
}

/** Legal moves as [block, destination] pairs (destination `n` is the table). */
function legalMoves(on: readonly number[]): Array<[number, number]> {
  const n = on.length;
  const clear = clearBlocks(on);
  const moves: Array<[number, number]> = [];
  for (let b = 0; b < n; b++) {
    if (!clear[b]) continue;
    if (on[b] !== n) moves.push([b, n]);
    for (let d = 0; d < n; d++) if (d !== b && clear[d] && on[b] !== d) moves.push([b, d]);
  }
  return moves;
}

function randomConfiguration(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const on = new Array<number>(n).fill(n);
  for (let i = 1; i < n; i++) if (random() < 0.6) on[order[i] as number] = order[i - 1] as number;
  return on;
}

/** Options of a generated Blocksworld task. */
export interface BlocksworldOptions {
  seed: number;
  /** Number of blocks, 3 to 8 (BFS over every state). @default 6 */
  blocks?: number;
}

/**
 * Blocksworld: `move(block, to)` puts a clear block on the table or on another clear block. The goal is a
 * given arrangement. Distances are exact: one BFS from the goal over every state (moves are reversible and
 * cost 1), with states packed into integers so 8 blocks (394,353 states) takes about a second.
 */
export function createBlocksworldTask(options: BlocksworldOptions): PlanningTask<BlocksState> {
  const n = options.blocks ?? 6;
  if (n < 3 || n > 8) throw new RangeError(`Blocksworld supports 3 to 8 blocks, not ${n}.`);
  const random = seededRandom(options.seed * 104729 + n);
  const goal = randomConfiguration(n, random);
  let start = randomConfiguration(n, random);
  for (let tries = 0; tries < 20 && start.join() === goal.join(); tries++) start = randomConfiguration(n, random);
  const base = n + 1;
  const distance = new Map<number, number>([[encode(goal, base), 0]]);
  const queue: number[][] = [goal];
  for (let head = 0; head < queue.length; head++) {
    const on = queue[head] as number[];
    const d = distance.get(encode(on, base)) as number;
    for (const [b, to] of legalMoves(on)) {
      const next = [...on];
      next[b] = to;
      const code = encode(next, base);
      if (!distance.has(code)) {
        distance.set(code, d + 1);
        queue.push(next);
      }
    }
  }
  const name = (b: number) => (b === n ? 'table' : (LETTERS[b] as string));
  const index = (label: string | undefined) => (label === 'table' ? n : LETTERS.indexOf(label ?? '?'));
  const describe = (on: readonly number[]) => on.map((below, b) => `${name(b)} on ${name(below)}`).join(', ');
  const step = (state: BlocksState, action: PlanningAction): StepOutcome<BlocksState> => {
    if (action.tool !== 'move') return { ok: false, code: 'unknown-tool', error: `There is no tool "${action.tool}".` };
    const b = index(action.input.block);
    const to = index(action.input.to);
    if (b < 0 || b >= n || to < 0 || to === b) {
      return { ok: false, code: 'inapplicable', error: `Cannot move ${action.input.block} to ${action.input.to}.` };
    }
    const clear = clearBlocks(state.on);
    if (!clear[b]) return { ok: false, code: 'inapplicable', error: `${name(b)} is not clear.` };
    if (to !== n && !clear[to]) return { ok: false, code: 'inapplicable', error: `${name(to)} is not clear.` };
    const on = [...state.on];
    on[b] = to;
    return { ok: true, state: { on }, cost: 1, output: `Moved ${name(b)} onto ${name(to)}. Now: ${describe(on)}.` };
  };
  const task: PlanningTask<BlocksState> = {
    id: `blocksworld-${options.seed}-b${n}`,
    domain: 'blocksworld',
    goal: `Blocks: ${describe(start)}. Rearrange them so that: ${describe(goal)}.`,
    tools: [
      {
        name: 'move',
        description: 'Moves a clear block onto the table or onto another clear block.',
        inputSchema: {
          type: 'object',
          properties: { block: { type: 'string' }, to: { type: 'string' } },
          required: ['block', 'to'],
        },
      },
    ],
    initial: { on: start },
    actions: () => {
      const all: PlanningAction[] = [];
      for (let b = 0; b < n; b++) {
        for (let to = 0; to <= n; to++)
          if (to !== b) all.push({ tool: 'move', input: { block: name(b), to: name(to) } });
      }
      return all;
    },
    step,
    isGoal: (state) => state.on.join() === goal.join(),
    key: (state) => state.on.join(','),
    remaining: (state) => {
      const d = distance.get(encode(state.on, base)) ?? Infinity;
      return { cost: d, steps: d };
    },
    optimal: { plan: [], cost: 0, length: 0 },
    isDecoy: () => false,
  };
  return { ...task, optimal: optimalPlan(task) };
}

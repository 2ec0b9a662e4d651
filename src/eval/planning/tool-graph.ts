import { exactDistances } from './exact-search.js';
import { type PlanningAction, type PlanningTask, type StepOutcome, seededRandom } from './planning-domain.js';

/** A typed tool of a generated tool graph. */
interface GraphTool {
  name: string;
  description: string;
  requires: number[];
  produces: number;
  cost: number;
  gated: boolean;
  decoy: boolean;
  /** Dead ends that use up their input (an archive takes the original). */
  consumes?: boolean;
}

/** Artifact status per type (0 absent, 1 invalid, 2 valid), plus whether the agent has logged in. */
export interface ToolGraphState {
  readonly artifacts: readonly number[];
  readonly loggedIn: boolean;
}

const NOUNS = ['ticket', 'invoice', 'ledger', 'report', 'summary', 'draft', 'receipt', 'quote', 'manifest', 'digest'];
const NOUNS2 = ['archive', 'index', 'bundle', 'export', 'audit', 'memo', 'notice', 'record', 'profile', 'sheet'];
/** How decoys are named and described: like a faster way to the same artifact. */
const DECOYS = [
  { name: (type: string) => `quick_${type}`, says: ', fast' },
  { name: (type: string) => `${type}_express`, says: ' in one pass' },
  { name: (type: string) => `auto_${type}`, says: ' automatically' },
] as const;

const VERBS = ['build', 'compile', 'derive', 'render', 'assemble', 'extract', 'convert', 'prepare', 'issue', 'sign'];

/** Options of a generated tool-graph task. */
export interface ToolGraphOptions {
  seed: number;
  /** Length of the main chain of tools. @default 8 */
  depth?: number;
  /** Chance a main step also has a decoy. @default 0.6 */
  decoyRate?: number;
  /** Chance a main tool needs a login. @default 0.35 */
  gateRate?: number;
  /** Dead-end tools. @default 3 */
  deadEnds?: number;
  /** Decoys per step (each with chance `decoyRate`), each named and described like a shortcut. @default 1 */
  decoysPerStep?: number;
}

/**
 * A generated tool-graph task: typed tools turn artifacts into others at a cost; each artifact exists at most
 * once. Decoys look like the right tool but silently produce an invalid artifact that takes the slot (and
 * anything built from one is invalid too); dead ends use up their input to produce artifacts nothing needs;
 * some tools need `login` first and only some descriptions say so. Decoys and dead ends are traps: only a
 * reset gets out of them. The goal is a valid artifact of the last type. The optimum is exact (Dijkstra over
 * the reachable states).
 */
export function createToolGraphTask(options: ToolGraphOptions): PlanningTask<ToolGraphState> {
  const random = seededRandom(options.seed * 7919 + 17);
  const depth = options.depth ?? 8;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const typeNames: string[] = [];
  for (let i = 0; i <= depth; i++) typeNames.push(`${NOUNS[i % NOUNS.length]}${i >= NOUNS.length ? i : ''}`);
  const deadEnds = options.deadEnds ?? 3;
  for (let i = 0; i < deadEnds; i++) typeNames.push(`${NOUNS2[i % NOUNS2.length]}`);
  const tools: GraphTool[] = [];
  const gateMention = (gated: boolean) => (gated && random() < 0.5 ? ' Requires an authenticated session.' : '');
  for (let i = 0; i < depth; i++) {
    const requires = [i];
    if (i >= 2 && random() < 0.4) requires.push(Math.floor(random() * (i - 1)));
    const gated = random() < (options.gateRate ?? 0.35);
    const verb = pick(VERBS);
    const from = requires.map((t) => typeNames[t]).join(' and ');
    const base = { requires, produces: i + 1, decoy: false };
    const cost = 1 + Math.floor(random() * 3);
    tools.push({
      ...base,
      name: `${verb}_${typeNames[i + 1]}`,
      description: `Makes a ${typeNames[i + 1]} from a ${from}.${gateMention(gated)}`,
      cost,
      gated,
    });
    if (random() < 0.3) {
      tools.push({
        ...base,
        name: `${verb}_${typeNames[i + 1]}_premium`,
        description: `Makes a ${typeNames[i + 1]} from a ${from}, with priority handling.`,
        cost: cost + 2,
        gated: false,
      });
    }
    for (let k = 0; k < (options.decoysPerStep ?? 1); k++) {
      if (random() >= (options.decoyRate ?? 0.6)) continue;
      const style = DECOYS[k % DECOYS.length] as (typeof DECOYS)[number];
      tools.push({
        requires: [i],
        produces: i + 1,
        decoy: true,
        name: style.name(typeNames[i + 1] as string),
        description: `Makes a ${typeNames[i + 1]} from a ${typeNames[i]}${style.says}.`,
        cost: 1,
        gated: false,
      });
    }
  }
  // Dead ends use up an input a later step still needs (a second input of some tool), when there is one.
  const needed = [...new Set(tools.flatMap((tool) => (tool.decoy ? [] : tool.requires.slice(1))))];
  for (let d = 0; d < deadEnds; d++) {
    const from =
      needed.length > 0 && random() < 0.8 ? (needed[d % needed.length] as number) : Math.floor(random() * depth);
    tools.push({
      requires: [from],
      produces: depth + 1 + d,
      decoy: false,
      name: `${pick(VERBS)}_${typeNames[depth + 1 + d]}`,
      description: `Makes a ${typeNames[depth + 1 + d]} from a ${typeNames[from]}.`,
      cost: 1,
      gated: false,
      consumes: true,
    });
  }
  // Shuffle so tool order gives nothing away.
  for (let i = tools.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tools[i], tools[j]] = [tools[j] as GraphTool, tools[i] as GraphTool];
  }
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const goalType = depth;
  const initialArtifacts = typeNames.map((_, i) => (i === 0 ? 2 : 0));
  const initial: ToolGraphState = { artifacts: initialArtifacts, loggedIn: false };

  const step = (state: ToolGraphState, action: PlanningAction): StepOutcome<ToolGraphState> => {
    if (action.tool === 'login') {
      return { ok: true, state: { ...state, loggedIn: true }, cost: 1, output: 'Logged in.' };
    }
    const tool = byName.get(action.tool);
    if (!tool) return { ok: false, code: 'unknown-tool', error: `There is no tool "${action.tool}".` };
    const missing = tool.requires.filter((t) => state.artifacts[t] === 0);
    if (missing.length > 0) {
      return { ok: false, code: 'inapplicable', error: `Needs a ${missing.map((t) => typeNames[t]).join(' and ')}.` };
    }
    if (tool.gated && !state.loggedIn) return { ok: false, code: 'unauthorized', error: '401: not authenticated.' };
    const name = typeNames[tool.produces];
    if (state.artifacts[tool.produces] !== 0) {
      return { ok: false, code: 'inapplicable', error: `A ${name} already exists; there can be only one.` };
    }
    const valid = !tool.decoy && tool.requires.every((t) => state.artifacts[t] === 2);
    const artifacts = [...state.artifacts];
    artifacts[tool.produces] = valid ? 2 : 1;
    if (tool.consumes) artifacts[tool.requires[0] as number] = 0;
    return { ok: true, state: { ...state, artifacts }, cost: tool.cost, output: `Made a ${name} (#${name}-1).` };
  };
  const actions = (): PlanningAction[] => [
    { tool: 'login', input: {} },
    ...tools.map((tool) => ({ tool: tool.name, input: {} })),
  ];
  const key = (state: ToolGraphState) => `${state.artifacts.join('')}${state.loggedIn ? 'L' : '-'}`;
  const isGoal = (state: ToolGraphState) => state.artifacts[goalType] === 2;
  // An invalid artifact on the chain holds its one slot for good: no goal is reachable past it, so the exact
  // search need not enumerate what follows (its distance is Infinity either way).
  const poisoned = (state: ToolGraphState) => state.artifacts.some((status, type) => type <= depth && status === 1);
  const successors = (state: ToolGraphState) =>
    poisoned(state)
      ? []
      : actions().flatMap((action) => {
          const outcome = step(state, action);
          return outcome.ok && key(outcome.state) !== key(state) ? [{ state: outcome.state, cost: outcome.cost }] : [];
        });
  const distances = exactDistances(initial, successors, isGoal, key);
  const remaining = (state: ToolGraphState) => distances.get(key(state)) ?? { cost: Infinity, steps: Infinity };
  const task: PlanningTask<ToolGraphState> = {
    id: `tool-graph-${options.seed}-d${depth}`,
    domain: 'tool-graph',
    goal: `Produce a valid ${typeNames[goalType]}. You start with a ${typeNames[0]}.`,
    tools: [
      {
        name: 'login',
        description: 'Opens an authenticated session.',
        inputSchema: { type: 'object', properties: {} },
      },
      ...tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: { type: 'object', properties: {} },
      })),
    ],
    initial,
    actions,
    step,
    isGoal,
    key,
    remaining,
    optimal: { plan: [], cost: 0, length: 0 },
    isDecoy: (action) => byName.get(action.tool)?.decoy === true,
  };
  return { ...task, optimal: optimalPlan(task) };
}

/** Follows exact distances from the initial state to read off one cost-optimal plan. */
export function optimalPlan<S>(task: PlanningTask<S>): { plan: PlanningAction[]; cost: number; length: number } {
  const plan: PlanningAction[] = [];
  let state = task.initial;
  const start = task.remaining(state);
  if (!Number.isFinite(start.cost)) throw new RangeError(`Task ${task.id} has no solution.`);
  while (!task.isGoal(state)) {
    const here = task.remaining(state);
    const next = task.actions(state).find((action) => {
      const outcome = task.step(state, action);
      if (!outcome.ok) return false;
      const there = task.remaining(outcome.state);
      return outcome.cost + there.cost === here.cost && there.steps === here.steps - 1;
    });
    if (!next) throw new RangeError(`Task ${task.id}: distances are inconsistent.`);
    plan.push(next);
    state = (task.step(state, next) as { state: S }).state;
  }
  return { plan, cost: start.cost, length: start.steps };
}

import type { GenerateRequest, GenerateResult, PendingToolCall } from '../../kernel/agent-kernel.js';
import { parsePlan, planRequest } from '../plan-execute/plan.js';
import type { PathStep, pathMessages } from './search-environment.js';
import type { SearchNode } from './search-node.js';

/** One imagined step: a tool call a sampled plan makes. */
export interface ImaginedStep {
  tool: string;
  input: Record<string, unknown>;
}

/** What an imagination expansion needs from the search it grows. */
export interface ImaginationHost {
  readonly tools: readonly string[];
  readonly samples: number;
  /** Children kept per node (the most voted first) and the longest path: the search's budget. */
  readonly limits: { branching?: number; depth: number };
  /** The goal conversation and the system text (instructions, reflections) for a node's proposals. */
  conversation(node: SearchNode): ReturnType<typeof pathMessages>;
  /** One counted model call. */
  call(request: GenerateRequest): Promise<GenerateResult>;
  /** Creates the child of `parent` for `call`, tried in the environment: pruned (`error`), dead or alive. */
  tryProposal(parent: SearchNode, call: PendingToolCall, votes: number, samples: number): Promise<SearchNode>;
  /** A known estimate for a node (the memory of solved plans). */
  prior(node: SearchNode): number | undefined;
  /** Remembered solved plans that continue `node`'s path: followed like samples, at no model call. */
  remembered(node: SearchNode): ImaginedStep[][];
}

/** A sampled plan being followed down the tree: its steps and how many are consumed. */
interface Cursor {
  steps: ImaginedStep[];
  at: number;
}

/**
 * ToolChain*-style imagination: ONE model call with n choices asks for n whole plans from `node` (the
 * `plan` purpose). They are merged into a tree of their shared prefixes, each distinct step tried in the
 * environment once: a step the environment rejects is pruned and skipped by the plans that made it (they
 * go on with their next step), a step into a known dead end drops them. A child's votes are the plans
 * through it, over n (its self-consistency, for g); its estimate is the plans' mean number of steps left
 * (the imagined remaining length, for h), unless the memory of solved plans knows better; remembered plans
 * that continue the node's path are followed like samples (votes are capped at n). Prefixes at
 * least two plans agree on are grown further; a step only one plan makes is a leaf. A node where most of
 * the n plans end is done (most samples say the goal is reached there), like most choices of an act call
 * answering without a tool call. Returns the new open nodes, and whether `node` itself is done.
 */
export async function expandByImagination(
  host: ImaginationHost,
  node: SearchNode,
): Promise<{ open: SearchNode[]; done: boolean }> {
  const messages = host.conversation(node);
  messages.push({ role: 'user', content: planRequest });
  const result = await host.call({ messages, tools: host.tools, toolChoice: 'none', n: host.samples, purpose: 'plan' });
  const n = result.choices.length;
  const known = new Set(host.tools);
  const plans = result.choices.flatMap((choice) => {
    const steps = readPlan(choice.text, known);
    return steps ? [{ steps, at: 0 }] : [];
  });
  if (plans.filter((plan) => plan.steps.length === 0).length * 2 > n) return { open: [], done: true };
  for (const steps of host.remembered(node)) if (steps.length > 0) plans.push({ steps, at: 0 });
  const open: SearchNode[] = [];
  const grow = async (parent: SearchNode, cursors: Cursor[]): Promise<void> => {
    const accepted = new Map<SearchNode, Cursor[]>();
    let pending = cursors.filter((cursor) => cursor.at < cursor.steps.length);
    while (pending.length > 0) {
      const groups = new Map<string, Cursor[]>();
      for (const cursor of pending) {
        const key = stepKey(cursor.steps[cursor.at] as ImaginedStep);
        groups.set(key, [...(groups.get(key) ?? []), cursor]);
      }
      const skipped: Cursor[] = [];
      for (const group of [...groups.values()].sort((a, b) => b.length - a.length)) {
        const step = group[0]?.steps[group[0].at] as ImaginedStep;
        const child = await childFor(host, parent, step, group.length, n);
        // Past `branching` children the less voted steps are dropped, with the plans that made them.
        if (!child) continue;
        for (const cursor of group) cursor.at++;
        if (child.error !== undefined) skipped.push(...group.filter((cursor) => cursor.at < cursor.steps.length));
        else if (!child.dead) accepted.set(child, [...(accepted.get(child) ?? []), ...group]);
      }
      pending = skipped;
    }
    for (const [child, through] of accepted) {
      child.votes = Math.min(n, Math.max(child.votes, through.length));
      const left = through.map((cursor) => cursor.steps.length - cursor.at);
      const imagined = left.reduce((a, b) => a + b, 0) / left.length;
      child.estimate = host.prior(child) ?? imagined;
      if (left.filter((steps) => steps === 0).length * 2 > n) child.done = true;
      if (!child.expanded && !open.includes(child)) open.push(child);
      if (!child.done && through.length >= 2 && child.path.length < host.limits.depth) await grow(child, through);
    }
  };
  await grow(node, plans);
  return { open, done: false };
}

/**
 * The existing child of `parent` for `step` (a path already known), or a new one tried in the environment;
 * undefined when `parent` already has `branching` children.
 */
async function childFor(
  host: ImaginationHost,
  parent: SearchNode,
  step: ImaginedStep,
  votes: number,
  samples: number,
): Promise<SearchNode | undefined> {
  const key = stepKey(step);
  const existing = parent.children.find((child) => {
    const last = child.path[child.path.length - 1] as PathStep;
    return stepKey(last) === key;
  });
  if (existing) return existing;
  if (parent.children.length >= (host.limits.branching ?? Infinity)) return undefined;
  const call: PendingToolCall = {
    toolCallId: `imagined_${parent.id}_${parent.children.length}`,
    toolName: step.tool,
    input: step.input,
    arguments: JSON.stringify(step.input),
  };
  return host.tryProposal(parent, call, votes, samples);
}

/** The steps of one sampled plan, or undefined when it is unreadable (that sample abstains). */
function readPlan(text: string, tools: ReadonlySet<string>): ImaginedStep[] | undefined {
  try {
    return parsePlan(text, 0, tools).steps.map(({ tool, input }) => ({ tool, input }));
  } catch {
    return undefined;
  }
}

function stepKey(step: ImaginedStep): string {
  return `${step.tool}:${JSON.stringify(step.input)}`;
}

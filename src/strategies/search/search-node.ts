import type { JsonValue } from '../../core/json.js';
import type { PendingToolCall } from '../../kernel/agent-kernel.js';
import type { PathStep } from './search-environment.js';

/** A node of the search tree: a path of executed (or imagined) steps. */
export interface SearchNode {
  id: number;
  path: PathStep[];
  parent?: SearchNode;
  children: SearchNode[];
  /** How many of the sampled proposals chose this node's last action, over how many. */
  votes: number;
  samples: number;
  /** Estimated remaining steps: from a value call (`valued`), the memory of solved plans, or inherited. */
  estimate?: number;
  valued: boolean;
  /** Valued at or below a success score: expanded next, where the proposals confirm the goal (or not). */
  candidate?: boolean;
  /** The model answered without a tool call here: it believes the goal is reached. */
  done: boolean;
  expanded: boolean;
  /** Re-expansions so far (after every proposal failed). */
  expansions: number;
  /** Nothing below it can reach the goal (no applicable proposal, or valued as unreachable). */
  dead: boolean;
  /** The environment refused the action (pruned without a model call). */
  error?: string;
  visits: number;
  valueSum: number;
}

/** An estimate at or above this means "the goal cannot be reached from here". */
export const unreachable = 50;

/** Creates a node. */
export function createNode(id: number, path: PathStep[], parent?: SearchNode): SearchNode {
  return {
    id,
    path,
    parent,
    children: [],
    votes: 1,
    samples: 1,
    valued: false,
    done: false,
    expanded: false,
    expansions: 0,
    dead: false,
    visits: 0,
    valueSum: 0,
  };
}

/** The tree as journaled (`strategy-record` of kind `search-tree`) and shown by `warden runs show`. */
export interface SearchTreeRecord {
  planner: string;
  nodes: Array<{
    id: number;
    parent: number | null;
    action: string | null;
    votes: string;
    estimate: number | null;
    valued: boolean;
    visits: number;
    state: 'open' | 'expanded' | 'done' | 'dead' | 'pruned';
    error?: string;
  }>;
  /** Node ids of the committed path, root first. */
  chosen: number[];
  reached: boolean;
  modelCalls: number;
}

/** The label of a step: `tool({"a":1})`. */
export function stepLabel(step: PathStep): string {
  const input = Object.keys(step.input).length > 0 ? JSON.stringify(step.input) : '';
  return `${step.tool}(${input})`;
}

/** The tree of `root` as a journal record. */
export function treeRecord(
  planner: string,
  root: SearchNode,
  chosen: SearchNode,
  reached: boolean,
  modelCalls: number,
): SearchTreeRecord & { [key: string]: JsonValue } {
  const nodes: SearchTreeRecord['nodes'] = [];
  const visit = (node: SearchNode) => {
    const last = node.path[node.path.length - 1];
    const state = node.error ? 'pruned' : node.done ? 'done' : node.dead ? 'dead' : node.expanded ? 'expanded' : 'open';
    nodes.push({
      id: node.id,
      parent: node.parent?.id ?? null,
      action: last ? stepLabel(last) : null,
      votes: `${node.votes}/${node.samples}`,
      estimate: node.estimate === undefined ? null : Math.round(node.estimate * 100) / 100,
      valued: node.valued,
      visits: node.visits,
      state,
      ...(node.error !== undefined && { error: node.error }),
    });
    for (const child of node.children) visit(child);
  };
  visit(root);
  const path: number[] = [];
  for (let at: SearchNode | undefined = chosen; at; at = at.parent) path.unshift(at.id);
  return { planner, nodes, chosen: path, reached, modelCalls } as SearchTreeRecord & { [key: string]: JsonValue };
}

/** Whether the last step of `path` repeats an earlier one with the same result (a loop, no progress). */
export function repeats(path: readonly PathStep[]): boolean {
  const last = path[path.length - 1];
  if (!last) return false;
  const key = JSON.stringify([last.tool, last.input, last.output]);
  return path.slice(0, -1).some((step) => JSON.stringify([step.tool, step.input, step.output]) === key);
}

/** A proposed call's input as an object (`{}` when its arguments are not a JSON object). */
export function parseInput(call: PendingToolCall): Record<string, unknown> {
  if (call.input && typeof call.input === 'object') return call.input as Record<string, unknown>;
  try {
    const value = JSON.parse(call.arguments || '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

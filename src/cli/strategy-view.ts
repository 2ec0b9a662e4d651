import type { RunEvent, StrategyRecordEvent } from '../core/events.js';

interface TreeNode {
  id: number;
  parent: number | null;
  action: string | null;
  votes: string;
  estimate: number | null;
  valued: boolean;
  visits: number;
  state: string;
  error?: string;
}

interface PlanStepView {
  tool: string;
  input?: unknown;
  expect?: string;
  milestone?: string;
}

/** A one-line summary of a strategy record, for the timeline. */
export function describeRecord(event: StrategyRecordEvent): string {
  const data = event.data as Record<string, unknown> | null;
  if (event.kind === 'search-tree' && data) {
    const nodes = (data.nodes as unknown[] | undefined)?.length ?? 0;
    return `${data.planner} tree: ${nodes} nodes, ${data.reached ? 'goal reached' : 'goal not reached'}`;
  }
  if (event.kind === 'plan' && data) {
    const steps = (data.steps as unknown[] | undefined)?.length ?? 0;
    return `plan revision ${data.revision}: ${steps} steps${data.reason ? ` (${data.reason})` : ''}`;
  }
  return event.kind;
}

/**
 * What the strategy recorded, for `warden runs show`: a search tree (indented; each node's action, votes,
 * value estimate and state; `*` on the chosen path), each plan with its steps, and progress lists.
 */
export function strategyView(events: readonly RunEvent[]): string {
  const sections: string[] = [];
  for (const event of events) {
    if (event.type !== 'strategy-record') continue;
    const data = event.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') continue;
    if (event.kind === 'search-tree') sections.push(treeView(data));
    else if (event.kind === 'plan') sections.push(planView(data));
    else if (event.kind === 'progress') sections.push(progressView(data));
  }
  return sections.join('\n\n');
}

function treeView(data: Record<string, unknown>): string {
  const nodes = (data.nodes as TreeNode[] | undefined) ?? [];
  const chosen = new Set((data.chosen as number[] | undefined) ?? []);
  const children = new Map<number | null, TreeNode[]>();
  for (const node of nodes) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  const lines = [
    `Search tree (${data.planner}): ${nodes.length} nodes, ${data.modelCalls} model calls, ${data.reached ? 'goal reached' : 'goal NOT reached'}; * marks the chosen path`,
  ];
  const visit = (node: TreeNode, depth: number) => {
    const mark = chosen.has(node.id) ? '*' : ' ';
    const value = node.estimate === null ? '' : ` h=${node.estimate}${node.valued ? ' (valued)' : ''}`;
    const visits = node.visits > 0 ? ` visits=${node.visits}` : '';
    const error = node.error ? `: ${node.error}` : '';
    lines.push(
      `${mark} ${'  '.repeat(depth)}#${node.id} ${node.action ?? '(root)'} votes ${node.votes}${value}${visits} [${node.state}]${error}`,
    );
    for (const child of children.get(node.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return lines.join('\n');
}

function planView(data: Record<string, unknown>): string {
  const steps = (data.steps as PlanStepView[] | undefined) ?? [];
  const lines = [`Plan revision ${data.revision}${data.reason ? ` (${data.reason})` : ''}: ${steps.length} steps`];
  steps.forEach((step, i) => {
    const input = step.input && Object.keys(step.input).length > 0 ? JSON.stringify(step.input) : '';
    const milestone = step.milestone ? ` [milestone: ${step.milestone}]` : '';
    lines.push(`  ${i + 1}. ${step.tool}(${input})${step.expect ? ` → ${step.expect}` : ''}${milestone}`);
  });
  return lines.join('\n');
}

function progressView(data: Record<string, unknown>): string {
  const items = (data.items as Array<{ task: string; status: string; actor?: string; note?: string }>) ?? [];
  const lines = [`Progress (revision ${data.revision ?? 0}):`];
  for (const item of items) {
    lines.push(
      `  [${item.status}] ${item.task}${item.actor ? ` (${item.actor})` : ''}${item.note ? `: ${item.note}` : ''}`,
    );
  }
  return lines.join('\n');
}

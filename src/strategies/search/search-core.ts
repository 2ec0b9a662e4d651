import type { Message } from '../../core/messages.js';
import type { AgentKernel, GenerateResult, PendingToolCall } from '../../kernel/agent-kernel.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { type EnvironmentMode, type PathStep, pathMessages, SearchEnvironment } from './search-environment.js';
import { parseRemaining, valueRequest } from './value-prompt.js';

/** A node of the search tree: a path of executed (or imagined) steps. */
export interface SearchNode {
  id: number;
  path: PathStep[];
  parent?: SearchNode;
  children: SearchNode[];
  /** How many of the sampled proposals chose this node's last action, over how many. */
  votes: number;
  samples: number;
  /** Estimated remaining steps (from a value call, or inherited). */
  estimate?: number;
  /** The model answered without a tool call here: it believes the goal is reached. */
  done: boolean;
  expanded: boolean;
  dead: boolean;
  visits: number;
  valueSum: number;
}

/** Limits of a search; model calls count a call with n choices once. */
export interface SearchBudget {
  modelCalls: number;
  /** @default 12 */
  iterations?: number;
  /** @default 30 */
  depth?: number;
}

/** Settings every search planner shares. */
export interface SearchOptions {
  budget: SearchBudget;
  environment?: EnvironmentMode;
  /** Proposals sampled per expansion (one model call with n choices). @default 3 */
  samples?: number;
  /** Tools the search may use; @default every visible tool but the reset tool */
  tools?: readonly string[];
}

/** What a selection rule decides: which node to expand next, and how to learn from an expansion. */
export interface SelectionRule {
  readonly name: string;
  /** The next node to expand, or undefined to stop. */
  select(root: SearchNode, frontier: readonly SearchNode[]): SearchNode | undefined;
  /** Whether to ask a value call for each new child (else children inherit the parent's estimate − 1). */
  wantsValue(children: readonly SearchNode[]): boolean;
  /** Value samples per value call. @default 1 */
  valueSamples?: number;
  /** Called after children got their estimates. */
  learn?(node: SearchNode, children: readonly SearchNode[]): void;
}

/** The shared search loop: expand, evaluate, select, until a node is done or the budget ends; then commit. */
export class SearchCore {
  private nextId = 0;
  private used = 0;
  readonly frontier: SearchNode[] = [];
  private readonly env: SearchEnvironment;
  private readonly tools: readonly string[];

  constructor(
    private readonly kernel: AgentKernel,
    private readonly input: StrategyInput,
    private readonly options: SearchOptions,
    private readonly rule: SelectionRule,
  ) {
    const mode = options.environment ?? { kind: 'imagined' };
    this.env = new SearchEnvironment(kernel, mode);
    const reset = mode.kind === 'reset-replay' ? mode.resetTool : undefined;
    this.tools = options.tools ?? [...kernel.toolNames].filter((name) => name !== reset);
  }

  node(path: PathStep[], parent?: SearchNode): SearchNode {
    return {
      id: this.nextId++,
      path,
      parent,
      children: [],
      votes: 1,
      samples: 1,
      done: false,
      expanded: false,
      dead: false,
      visits: 0,
      valueSum: 0,
    };
  }

  get budgetLeft(): number {
    return this.options.budget.modelCalls - this.used;
  }

  async run(): Promise<StrategyResult> {
    const root = this.node([]);
    this.frontier.push(root);
    const maxDepth = this.options.budget.depth ?? 30;
    let solution: SearchNode | undefined;
    while (this.budgetLeft > 0) {
      const node = this.rule.select(root, this.frontier);
      if (!node) break;
      if (node.done) {
        solution = node;
        break;
      }
      if (node.path.length >= maxDepth) {
        node.dead = true;
        continue;
      }
      await this.expand(node);
    }
    solution ??= this.best(root);
    await this.env.commit(solution.path);
    const text = solution.done ? 'Done.' : 'Stopped: the search budget ran out.';
    return { text, output: { path: solution.path.map(({ tool, input }) => ({ tool, input })), done: solution.done } };
  }

  /** Samples proposals (one call, n choices), tries each distinct action, and estimates the children. */
  async expand(node: SearchNode): Promise<void> {
    node.expanded = true;
    const at = this.frontier.indexOf(node);
    if (at >= 0) this.frontier.splice(at, 1);
    const result = await this.call({
      messages: pathMessages(this.input.messages, node.path, this.system(node)),
      tools: this.tools,
      n: this.options.samples ?? 3,
      purpose: 'act',
    });
    const proposals = new Map<string, { call: PendingToolCall; votes: number }>();
    let doneVotes = 0;
    for (const choice of result.choices) {
      const call = choice.toolCalls[0];
      if (!call) {
        doneVotes++;
        continue;
      }
      const key = `${call.toolName}:${call.arguments ?? JSON.stringify(call.input ?? {})}`;
      const entry = proposals.get(key) ?? { call, votes: 0 };
      entry.votes++;
      proposals.set(key, entry);
    }
    if (doneVotes * 2 > result.choices.length) {
      node.done = true;
      this.frontier.push(node);
      return;
    }
    const children: SearchNode[] = [];
    for (const { call, votes } of proposals.values()) {
      const input = parseInput(call);
      if (this.env.mode.kind === 'imagined' || !this.env.canExplore(call.toolName)) {
        children.push(this.child(node, { tool: call.toolName, input, output: '(not executed)' }, votes, result));
        continue;
      }
      const outcome = await this.env.tryAction(node.path, call);
      if (outcome.isError) continue; // pruned for free: the environment said no
      children.push(this.child(node, { tool: call.toolName, input, output: outcome.output }, votes, result));
    }
    node.children = children;
    if (children.length === 0) node.dead = true;
    if (this.rule.wantsValue(children)) {
      for (const child of children) {
        if (this.budgetLeft <= 0) break;
        child.estimate = await this.estimate(child);
      }
    }
    for (const child of children) child.estimate ??= Math.max(0, (node.estimate ?? child.path.length + 5) - 1);
    this.rule.learn?.(node, children);
    this.frontier.push(...children);
  }

  /** A value call: the model's estimate of the remaining steps, averaged over its samples. */
  async estimate(node: SearchNode): Promise<number> {
    const messages = pathMessages(this.input.messages, node.path);
    messages.push({ role: 'user', content: valueRequest });
    const result = await this.call({ messages, tools: false, n: this.rule.valueSamples ?? 1, purpose: 'value' });
    const values = result.choices.map((choice) => parseRemaining(choice.text)).filter((v) => v !== undefined);
    return values.length === 0 ? 99 : values.reduce((a, b) => a + b, 0) / values.length;
  }

  /** The deepest-progress node when no node is done: the lowest estimate, then the longest path. */
  best(root: SearchNode): SearchNode {
    let best = root;
    const visit = (node: SearchNode) => {
      const score = (n: SearchNode) => (n.estimate ?? 99) - n.path.length * 0.01;
      if (!node.dead && score(node) < score(best)) best = node;
      for (const child of node.children) visit(child);
    };
    visit(root);
    return best;
  }

  private child(parent: SearchNode, step: PathStep, votes: number, result: GenerateResult): SearchNode {
    const child = this.node([...parent.path, step], parent);
    child.votes = votes;
    child.samples = result.choices.length;
    return child;
  }

  private system(node: SearchNode): string | undefined {
    const failed = this.reflections(node);
    const parts = [this.input.instructions, failed].filter(Boolean);
    return parts.length > 0 ? parts.join('\n\n') : undefined;
  }

  /** Reflection on failed leaves: the dead siblings along the path, said plainly to the proposer. */
  private reflections(node: SearchNode): string | undefined {
    const notes: string[] = [];
    for (let at: SearchNode | undefined = node; at; at = at.parent) {
      for (const child of at.children) {
        const last = child.path[child.path.length - 1];
        if (child.dead && last) notes.push(`${last.tool} led to a dead end`);
      }
    }
    return notes.length > 0 ? `Earlier attempts failed: ${notes.join('; ')}.` : undefined;
  }

  private async call(request: Parameters<AgentKernel['generate']>[0]): Promise<GenerateResult> {
    this.used++;
    this.kernel.beginStep();
    return this.kernel.generate(request);
  }
}

function parseInput(call: PendingToolCall): Record<string, unknown> {
  if (call.input && typeof call.input === 'object') return call.input as Record<string, unknown>;
  try {
    const value = JSON.parse(call.arguments || '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** Builds a search strategy from a selection rule factory (one rule per run: rules may keep state). */
export function searchStrategy(name: string, options: SearchOptions, makeRule: () => SelectionRule): Strategy {
  return {
    name,
    run: (input: StrategyInput, kernel) =>
      new SearchCore(kernel as unknown as AgentKernel, input, options, makeRule()).run(),
  };
}

export type { Message };

import type { AgentKernel, GenerateRequest, GenerateResult, PendingToolCall } from '../../kernel/agent-kernel.js';
import type { Message } from '../../core/messages.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { expandByImagination, type ImaginationHost } from './imagined-expansion.js';
import { type PathStep, pathMessages, SearchEnvironment } from './search-environment.js';
import { createNode, parseInput, repeats, type SearchNode, stepLabel, treeRecord, unreachable } from './search-node.js';
import type { SearchOptions, SelectionRule } from './search-types.js';
import { parseRemaining, valueRequest } from './value-prompt.js';

export type { SearchNode } from './search-node.js';

export type { SearchBudget, SearchOptions, SelectionRule } from './search-types.js';

/** The shared search loop: select, expand (one call, n proposals), try, value, learn; then commit. */
export class SearchCore implements ImaginationHost {
  private nextId = 0;
  private used = 0;
  readonly frontier: SearchNode[] = [];
  private readonly env: SearchEnvironment;
  readonly tools: readonly string[];

  constructor(
    private readonly kernel: AgentKernel,
    private readonly input: StrategyInput,
    private readonly options: SearchOptions,
    private readonly rule: SelectionRule,
  ) {
    const mode = options.environment ?? { kind: 'imagined' };
    this.env = new SearchEnvironment(kernel, mode);
    this.tools = options.tools ?? [...kernel.toolNames].filter((name) => !this.env.ownTools.has(name));
  }

  get budgetLeft(): number {
    return this.options.budget.modelCalls - this.used;
  }

  async run(): Promise<StrategyResult> {
    const budget = this.options.budget;
    const root = createNode(this.nextId++, []);
    this.frontier.push(root);
    root.estimate = this.rule.prior?.(root);
    if (root.estimate === undefined && this.rule.rootValue && this.budgetLeft > 1) await this.value(root);
    const started = budget.wallMs !== undefined ? this.kernel.now() : 0;
    let solution: SearchNode | undefined;
    for (let iteration = 0; this.budgetLeft > 0 && iteration < (budget.iterations ?? budget.modelCalls); iteration++) {
      if (budget.wallMs !== undefined && this.kernel.now() - started > budget.wallMs) break;
      const node = this.rule.select(root, this.frontier);
      if (!node) break;
      if (node.done) {
        solution = node;
        break;
      }
      if (node.path.length >= (budget.depth ?? 30)) {
        node.dead = true;
        this.drop(node);
        continue;
      }
      await this.expand(node);
    }
    solution ??= this.frontier.find((node) => node.done);
    const reached = solution !== undefined;
    const chosen = solution ?? this.best(root);
    if (reached) this.rule.solved?.(chosen);
    this.kernel.record('search-tree', treeRecord(this.rule.name, root, chosen, reached, this.used));
    await this.env.commit(chosen.path);
    const text = reached ? 'Done.' : 'Stopped: the search budget ran out before the goal was reached.';
    return { text, output: { path: chosen.path.map(({ tool, input }) => ({ tool, input })), done: reached } };
  }

  /** Samples proposals (one call, n choices), tries each distinct action, and values what the rule asks. */
  async expand(node: SearchNode): Promise<void> {
    node.expanded = true;
    this.drop(node);
    if (this.rule.imagine) {
      const { open, done } = await expandByImagination(this, node);
      if (done) {
        node.done = true;
        this.frontier.push(node);
        return;
      }
      return this.settle(node, open);
    }
    const result = await this.call({
      messages: this.conversation(node),
      tools: this.tools,
      n: this.samples,
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
      const key = `${call.toolName}:${JSON.stringify(parseInput(call))}`;
      const entry = proposals.get(key) ?? { call, votes: 0 };
      entry.votes++;
      proposals.set(key, entry);
    }
    if (doneVotes * 2 > result.choices.length) {
      node.done = true;
      this.frontier.push(node);
      return;
    }
    const ranked = [...proposals.values()].sort((a, b) => b.votes - a.votes);
    const alive: SearchNode[] = [];
    for (const { call, votes } of ranked.slice(0, this.options.budget.branching ?? ranked.length)) {
      const child = await this.tryProposal(node, call, votes, result.choices.length);
      if (!child.dead) alive.push(child);
    }
    await this.settle(node, alive);
  }

  /** After an expansion: re-expand a node whose proposals all failed, value what the rule asks, learn. */
  private async settle(node: SearchNode, alive: SearchNode[]): Promise<void> {
    if (alive.length === 0 && node.expansions < (this.options.reexpand ?? 1) && this.rule.reexpand !== false) {
      // Every proposal failed: sample again once, told what failed (a different request, so new samples).
      node.expansions++;
      node.expanded = false;
      this.frontier.push(node);
      return;
    }
    if (alive.length === 0) node.dead = true;
    const limit = this.options.budget.valueCallsPerStep ?? 2;
    for (const target of this.rule.toValue(node, alive).slice(0, limit)) {
      if (this.budgetLeft <= 1) break; // keep the last call for an expansion
      await this.value(target);
      if (target === node) for (const child of alive) child.estimate = Math.max(0, (node.estimate ?? 10) - 1);
    }
    if (node.dead) for (const child of alive) child.dead = true;
    this.rule.learn?.(node, alive);
    this.frontier.push(...alive.filter((child) => !child.dead));
  }

  /**
   * The child of `node` for one proposed action with its votes: tried in the environment (a refusal prunes it
   * for free), dead when it repeats a step of its path with the same result, else given its prior or the
   * parent's estimate minus one.
   */
  async tryProposal(node: SearchNode, call: PendingToolCall, votes: number, samples: number): Promise<SearchNode> {
    const child = createNode(this.nextId++, [], node);
    child.votes = votes;
    child.samples = samples;
    const input = parseInput(call);
    node.children.push(child);
    const step: PathStep = { tool: call.toolName, input, output: '(imagined)' };
    child.path = [...node.path, step];
    if (this.env.canExplore(call.toolName)) {
      const outcome = await this.env.tryAction(node.path, call, child.path);
      step.output = outcome.output;
      if (outcome.isError) {
        // Pruned for free: the environment said no.
        child.dead = true;
        child.error = typeof outcome.output === 'string' ? outcome.output : JSON.stringify(outcome.output);
        return child;
      }
    }
    if (repeats(child.path)) {
      child.dead = true;
      child.error = 'no progress: the same step with the same result is already on the path';
      return child;
    }
    const prior = this.rule.prior?.(child);
    child.estimate = prior ?? Math.max(0, (node.estimate ?? 10) - 1);
    return child;
  }

  /** A value call: the model's estimate of the remaining steps, averaged over its samples. */
  async value(node: SearchNode): Promise<void> {
    const messages = pathMessages(this.input.messages, node.path);
    messages.push({ role: 'user', content: valueRequest });
    const result = await this.call({ messages, tools: false, n: this.rule.valueSamples ?? 1, purpose: 'value' });
    const values = result.choices.map((choice) => parseRemaining(choice.text)).filter((v) => v !== undefined);
    node.estimate = values.length === 0 ? unreachable : values.reduce((a, b) => a + b, 0) / values.length;
    node.valued = true;
    if (node.estimate >= unreachable) {
      node.dead = true;
      this.drop(node);
    }
  }

  /** The most promising node when none is done: the lowest estimate, then the longest path. */
  best(root: SearchNode): SearchNode {
    let best = root;
    const score = (n: SearchNode) => (n.estimate ?? unreachable) - n.path.length * 0.01;
    const visit = (node: SearchNode) => {
      if (!node.dead && score(node) < score(best)) best = node;
      for (const child of node.children) visit(child);
    };
    visit(root);
    return best;
  }

  private drop(node: SearchNode): void {
    const at = this.frontier.indexOf(node);
    if (at >= 0) this.frontier.splice(at, 1);
  }

  private system(node: SearchNode): string | undefined {
    const reflect = this.rule.reflect === true || node.expansions > 0;
    const parts = [this.input.instructions, reflect ? this.reflections(node) : undefined].filter(Boolean);
    return parts.length > 0 ? parts.join('\n\n') : undefined;
  }

  /** Reflection on failed leaves near the path: what was refused or valued unreachable, said plainly. */
  private reflections(node: SearchNode): string | undefined {
    const notes: string[] = [];
    for (let at: SearchNode | undefined = node; at; at = at.parent) {
      for (const child of at.children) {
        const last = child.path[child.path.length - 1];
        if (!last || !child.dead) continue;
        notes.push(child.error ? `${stepLabel(last)} failed (${child.error})` : `${stepLabel(last)} led to a dead end`);
      }
    }
    return notes.length > 0 ? `Earlier attempts failed: ${notes.join('; ')}. Avoid repeating them.` : undefined;
  }

  /** The conversation a node's proposals are sampled from: instructions and reflections, goal, path. */
  conversation(node: SearchNode): Message[] {
    return pathMessages(this.input.messages, node.path, this.system(node));
  }

  get samples(): number {
    return this.options.samples ?? 5;
  }

  get limits(): { branching?: number; depth: number } {
    const { branching, depth } = this.options.budget;
    return { ...(branching !== undefined && { branching }), depth: depth ?? 30 };
  }

  prior(node: SearchNode): number | undefined {
    return this.rule.prior?.(node);
  }

  remembered(node: SearchNode): Array<Array<{ tool: string; input: Record<string, unknown> }>> {
    return this.rule.remembered?.(node) ?? [];
  }

  /** One model call, counted against the search's budget (n choices count once). */
  call(request: GenerateRequest): Promise<GenerateResult> {
    this.used++;
    this.kernel.beginStep();
    return this.kernel.generate(request);
  }
}

/** Builds a search strategy from a selection rule factory (one rule per run: rules may keep state). */
export function searchStrategy(name: string, options: SearchOptions, makeRule: () => SelectionRule): Strategy {
  return {
    name,
    run: (input: StrategyInput, kernel) => new SearchCore(kernel, input, options, makeRule()).run(),
  };
}

export type { PathStep };

import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

function rootOf(node: SearchNode): SearchNode {
  let at = node;
  while (at.parent) at = at.parent;
  return at;
}

/** Settings of MCTS. */
export interface MctsOptions extends SearchOptions {
  /** UCT exploration constant (rewards are in [0, 1]). @default 0.25 */
  exploration?: number;
  /** Value samples per evaluation. @default 1 */
  valueSamples?: number;
  /** Early exit: a valued leaf at most this is expanded next, ending the search if it is the goal. @default 0.5 */
  successScore?: number;
}

/**
 * Monte Carlo tree search (LATS / WebPilot style). Every iteration descends from the ROOT by UCT to a node not
 * yet expanded (not from the last expanded node: the bug reported in LangGraph's LATS), expands it with
 * `samples` proposals (the expansion width is `budget.branching`), evaluates the most voted new children with
 * a value call (the simulation: the model's estimate of the steps left stands in for a rollout to the end),
 * and backpropagates the reward (the share of the root's estimated distance covered, 0 for a dead end) to the
 * root; less voted children left unvalued start from a prior. Failed leaves (refused actions, dead ends) are
 * reflected into later proposals ("Earlier attempts failed: …").
 */
export function mcts(options: MctsOptions): Strategy {
  const c = options.exploration ?? 0.25;
  const success = options.successScore ?? 0.5;
  const uct = (node: SearchNode, parentVisits: number) =>
    node.visits === 0
      ? Infinity
      : node.valueSum / node.visits + c * Math.sqrt(Math.log(parentVisits + 1) / node.visits);
  // One value call per expansion by default: the most voted child; the others start from a prior.
  const settings = { ...options, budget: { valueCallsPerStep: 1, ...options.budget } };
  return searchStrategy('mcts', settings, () => ({
    name: 'mcts',
    reflect: true,
    rootValue: true,
    valueSamples: options.valueSamples ?? 1,
    select: (root, frontier) => {
      const done = frontier.find((node) => node.done && !node.dead);
      if (done) return done;
      const candidate = frontier.find((node) => node.candidate && !node.dead && !node.expanded);
      if (candidate) return candidate;
      let node = root;
      while (node.expanded && !node.done) {
        const open = node.children.filter((child) => !child.dead);
        if (open.length === 0) {
          node.dead = true;
          if (node === root) return undefined;
          node = root;
          continue;
        }
        const parent = node;
        node = open.reduce((a, b) => (uct(b, parent.visits) > uct(a, parent.visits) ? b : a));
      }
      return node.dead ? undefined : node;
    },
    toValue: (_node, children) => [...children],
    learn: (node, children) => {
      // Reward: the share of the root's estimated distance already covered, 0 for a dead end.
      const scale = (rootOf(node).estimate ?? 10) + 1;
      const reward = (child: SearchNode) =>
        child.dead ? 0 : Math.max(0, Math.min(1, 1 - (child.estimate ?? scale) / scale));
      const mean = node.visits > 0 ? node.valueSum / node.visits : 0.5;
      for (const child of children) {
        if (child.valued) {
          if ((child.estimate ?? 99) <= success) child.candidate = true;
          child.visits = 1;
          child.valueSum = reward(child);
        } else {
          // Unvalued (less voted) children start from a prior below their parent's mean, weighted by votes.
          child.visits = 1;
          child.valueSum = mean * (child.votes / child.samples);
        }
      }
      const rewards = children.filter((child) => child.valued).map(reward);
      if (children.length === 0) rewards.push(0);
      for (const value of rewards) {
        for (let at: SearchNode | undefined = node; at; at = at.parent) {
          at.visits++;
          at.valueSum += value;
        }
      }
    },
  }));
}

import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

/** Settings of MCTS. */
export interface MctsOptions extends SearchOptions {
  /** UCT exploration constant. @default 1 */
  exploration?: number;
  /** Value samples per evaluation. @default 1 */
  valueSamples?: number;
  /** Early exit when a valued leaf's estimate is at most this. @default 0.2 */
  successScore?: number;
}

/**
 * Monte Carlo tree search (LATS / WebPilot style). Every iteration descends from the ROOT by UCT to a node not
 * yet expanded (not from the last expanded node: the bug reported in LangGraph's LATS), expands it with
 * `samples` proposals (the expansion width is `budget.branching`), evaluates the most voted new children with
 * a value call (the simulation: the model's estimate of the steps left stands in for a rollout to the end),
 * and backpropagates the reward 1/(1+estimate) to the root. Failed leaves (refused actions, dead ends) are
 * reflected into later proposals ("Earlier attempts failed: …").
 */
export function mcts(options: MctsOptions): Strategy {
  const c = options.exploration ?? 1;
  const success = options.successScore ?? 0.2;
  const uct = (node: SearchNode, parentVisits: number) =>
    node.visits === 0
      ? Infinity
      : node.valueSum / node.visits + c * Math.sqrt(Math.log(parentVisits + 1) / node.visits);
  return searchStrategy('mcts', options, () => ({
    name: 'mcts',
    reflect: true,
    valueSamples: options.valueSamples ?? 1,
    select: (root, frontier) => {
      const done = frontier.find((node) => node.done && !node.dead);
      if (done) return done;
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
      const rewards: number[] = [];
      for (const child of children) {
        if (!child.valued) continue;
        const estimate = child.estimate ?? 99;
        if (estimate <= success) child.done = true;
        rewards.push(child.dead ? 0 : 1 / (1 + estimate));
      }
      if (children.length === 0) rewards.push(0);
      for (const reward of rewards) {
        for (let at: SearchNode | undefined = node; at; at = at.parent) {
          at.visits++;
          at.valueSum += reward;
        }
      }
      for (const child of children) {
        if (!child.valued) continue;
        child.visits++;
        child.valueSum += child.dead ? 0 : 1 / (1 + (child.estimate ?? 99));
      }
    },
  }));
}

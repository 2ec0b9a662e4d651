import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

/** Settings of MCTS. */
export interface MctsOptions extends SearchOptions {
  /** UCT exploration constant. @default 1.0 */
  exploration?: number;
  /** Early exit when a leaf's estimate is at most this. @default 0.5 */
  successScore?: number;
}

/**
 * Monte Carlo tree search (LATS / WebPilot style): every iteration descends from the ROOT by UCT to a leaf
 * (not from the last expanded node), expands it with `samples` proposals, evaluates each new child with a
 * value call (the rollout), and backpropagates reward 1/(1+estimate) to the root. Failed leaves feed the
 * reflection the core adds to later proposals.
 */
export function mcts(options: MctsOptions): Strategy {
  const c = options.exploration ?? 1;
  const success = options.successScore ?? 0.5;
  const uct = (node: SearchNode, parentVisits: number) =>
    node.visits === 0
      ? Infinity
      : node.valueSum / node.visits + c * Math.sqrt(Math.log(parentVisits + 1) / node.visits);
  return searchStrategy('mcts', options, () => ({
    name: 'mcts',
    select: (root) => {
      let node = root;
      while (node.expanded && !node.done) {
        const open = node.children.filter((child) => !child.dead);
        if (open.length === 0) {
          node.dead = true;
          if (node === root) return undefined;
          node = root;
          continue;
        }
        node = open.reduce((a, b) => (uct(b, node.visits) > uct(a, node.visits) ? b : a));
      }
      return node;
    },
    wantsValue: () => true,
    learn: (_node, children) => {
      for (const child of children) {
        const reward = 1 / (1 + (child.estimate ?? 99));
        if ((child.estimate ?? 99) <= success) child.done = true;
        for (let at: SearchNode | undefined = child; at; at = at.parent) {
          at.visits++;
          at.valueSum += reward;
        }
      }
    },
  }));
}

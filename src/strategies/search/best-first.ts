import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

/** Settings of best-first search. */
export interface BestFirstOptions extends SearchOptions {
  /** Value samples averaged per estimate (one call with n choices). @default 3 */
  valueSamples?: number;
  /**
   * Early exit: a valued node whose averaged estimate is at most this is expanded at once, and the search ends
   * there when its proposals confirm the goal (most answer without a tool call). @default 0.5
   */
  successScore?: number;
}

/**
 * Best-first search with a value function (Tree Search for LM Agents): the most voted new children (up to
 * `budget.valueCallsPerStep`, default 1) each get the model's estimate of remaining steps averaged over n samples (one
 * call each); the lowest estimate is expanded next; children left unvalued stay as fallbacks, ranked behind
 * their parent. A valued node at or below the success score is expanded at once (early exit when it is the goal).
 */
export function bestFirst(options: BestFirstOptions): Strategy {
  const success = options.successScore ?? 0.5;
  // One value call per expansion by default: the most voted child; the others wait behind their parent.
  const settings = { ...options, budget: { valueCallsPerStep: 1, ...options.budget } };
  return searchStrategy('best-first', settings, () => ({
    name: 'best-first',
    valueSamples: options.valueSamples ?? 3,
    rootValue: false,
    select: (_root, frontier) => {
      let best: SearchNode | undefined;
      for (const node of frontier) {
        if (node.dead) continue;
        if (node.done) return node;
        if (!best || rank(node) < rank(best) || (node.candidate && !best.candidate)) best = node;
      }
      return best;
    },
    toValue: (_node, children) => [...children],
    learn: (node, children) => {
      for (const child of children) {
        if (!child.valued) child.estimate = (node.estimate ?? 10) + 0.5;
        else if ((child.estimate ?? 99) <= success) child.candidate = true;
      }
    },
  }));
}

/** Lower is better: the estimate, then more votes, then the deeper node. */
function rank(node: SearchNode): number {
  return (node.estimate ?? 99) - (node.votes / node.samples) * 0.1 - node.path.length * 0.001;
}

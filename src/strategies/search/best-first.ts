import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

/** Settings of best-first search. */
export interface BestFirstOptions extends SearchOptions {
  /** Value samples averaged per estimate (one call with n choices). @default 3 */
  valueSamples?: number;
  /** Early exit: a node whose averaged estimate is at most this is taken as reached. @default 0.5 */
  successScore?: number;
}

/**
 * Best-first search with a value function (Tree Search for LM Agents): every child gets the model's estimate
 * of remaining steps averaged over n samples; the lowest estimate is expanded next; a node scoring at or
 * below the success score ends the search early.
 */
export function bestFirst(options: BestFirstOptions): Strategy {
  const success = options.successScore ?? 0.5;
  return searchStrategy('best-first', options, () => ({
    name: 'best-first',
    valueSamples: options.valueSamples ?? 3,
    select: (_root, frontier) => {
      let best: SearchNode | undefined;
      for (const node of frontier) {
        if (node.dead) continue;
        if (node.done) return node;
        if (!best || (node.estimate ?? 99) < (best.estimate ?? 99)) best = node;
      }
      return best;
    },
    wantsValue: () => true,
    learn: (_node, children) => {
      for (const child of children) if ((child.estimate ?? 99) <= success) child.done = true;
    },
  }));
}

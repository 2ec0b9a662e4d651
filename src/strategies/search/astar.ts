import type { Strategy } from '../strategy.js';
import { type SearchNode, type SearchOptions, searchStrategy } from './search-core.js';

/** Settings of A*. */
export interface AStarOptions extends SearchOptions {
  /** Weight of the self-consistency cost −log(votes/samples) in g. @default 1 */
  consistencyWeight?: number;
  /** Remaining-step counts of solved plans by the tool sequence they start with: the memory of solved plans. */
  memory?: ReadonlyMap<string, number>;
}

/**
 * A* over tool actions (ToolChain*-style): f = g + h. g is the path length plus the self-consistency cost of
 * the sampled proposals (an action most samples agree on is cheap); h is the model's estimate of remaining
 * steps, asked only when an expansion yields more than one child and no majority (else inherited, minus one), overridden by
 * the memory of solved plans when the path matches one.
 */
export function astar(options: AStarOptions): Strategy {
  const weight = options.consistencyWeight ?? 1;
  const g = (node: SearchNode): number => {
    let cost = 0;
    for (let at: SearchNode | undefined = node; at?.parent; at = at.parent) {
      cost += 1 + weight * -Math.log(at.votes / at.samples);
    }
    return cost;
  };
  const h = (node: SearchNode): number => {
    const remembered = options.memory?.get(node.path.map((step) => step.tool).join('>'));
    return remembered ?? node.estimate ?? 0;
  };
  return searchStrategy('astar', options, () => ({
    name: 'astar',
    select: (_root, frontier) => {
      let best: SearchNode | undefined;
      for (const node of frontier) {
        if (node.dead) continue;
        if (node.done) return node;
        const f = g(node) + h(node);
        const fBest = best ? g(best) + h(best) : Infinity;
        // Ties go to the deeper node: equal f means equal promise, and depth is progress already paid for.
        if (!best || f < fBest - 1e-9 || (Math.abs(f - fBest) <= 1e-9 && node.path.length > best.path.length))
          best = node;
      }
      return best;
    },
    // A majority among the samples is trusted without a value call; otherwise the model estimates each child.
    wantsValue: (children) => children.length > 1 && !children.some((child) => child.votes * 2 > child.samples),
  }));
}

import type { Message } from '../../core/messages.js';
import type { Strategy } from '../strategy.js';
import type { PlanMemory } from './plan-memory.js';
import { type SearchNode, type SearchOptions, SearchCore } from './search-core.js';

/** Settings of A*. */
export interface AStarOptions extends SearchOptions {
  /** Weight of the self-consistency cost −log(votes/samples) in g. @default 1 */
  consistencyWeight?: number;
  /**
   * Weight of h in f = g + w·h (weighted A*): above 1 it prefers progress over certainty, so a tight budget
   * reaches the goal; 1 is plain A*. @default 2
   */
  heuristicWeight?: number;
  /** Value samples averaged per estimate (one call, n choices). @default 3 */
  valueSamples?: number;
  /** Solved plans: a path that follows one takes its remaining length as h; solved searches are added. */
  memory?: PlanMemory;
}

/**
 * A* over tool actions (ToolChain*-style): f = g + w·h, the lowest f expanded next, ties to the deeper node.
 * g is the path's cost: one per step plus the self-consistency cost −log(votes/samples) of each step, from the
 * n proposals of ONE model call (an action most samples agree on is cheap; a state where the samples scatter,
 * as they do past a silent failure, is expensive). h is the model's estimate of remaining steps: asked once at
 * the root, and again for a node whose proposals all differ (a value call, n samples averaged); else
 * inherited minus one; a memory of solved plans overrides it for a path that follows one.
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
  const hWeight = options.heuristicWeight ?? 2;
  const f = (node: SearchNode) => g(node) + hWeight * (node.estimate ?? 0);
  return {
    name: 'astar',
    run: (input, kernel) => {
      const task = goalText(input.messages);
      const memory = options.memory;
      const core = new SearchCore(kernel, input, options, {
        name: 'astar',
        rootValue: true,
        valueSamples: options.valueSamples ?? 3,
        select: (_root, frontier) => {
          let best: SearchNode | undefined;
          let fBest = Infinity;
          for (const node of frontier) {
            if (node.dead) continue;
            if (node.done) return node;
            const score = f(node);
            if (
              score < fBest - 1e-9 ||
              (Math.abs(score - fBest) <= 1e-9 && best && node.path.length > best.path.length)
            ) {
              best = node;
              fBest = score;
            }
          }
          return best;
        },
        // Samples that agree on anything are trusted; scattered ones (no action chosen twice), as past a
        // silent failure, get the node itself valued: is it a dead end?
        toValue: (node, children) => {
          const top = children[0];
          if (!top || top.votes > 1 || node.valued) return [];
          return [node];
        },
        prior: (child) => (memory ? memory.remaining(task, child.path) : undefined),
        solved: (node) => memory?.remember(task, node.path),
      });
      return core.run();
    },
  };
}

/** The task as the memory keys it: the text of the user messages. */
export function goalText(messages: readonly Message[]): string {
  return messages
    .filter((message) => message.role === 'user')
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    )
    .join('\n');
}

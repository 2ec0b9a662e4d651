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
  /**
   * How a node is expanded, one model call with `samples` choices either way:
   * - `imagine` (ToolChain*'s imagination): n whole plans from the node, merged into a tree of their shared
   *   prefixes, each step validated in the environment; votes are the plans through a step, h the plans' mean
   *   number of steps left. A path several plans agree on advances many steps per call.
   * - `step`: n next actions; h from value calls (see below).
   * @default 'imagine'
   */
  expansion?: 'imagine' | 'step';
}

/**
 * A* over tool actions (ToolChain*-style): f = g + w·h, the lowest f expanded next, ties to the deeper node,
 * then to the one more samples agreed on. g is the path's cost: one per step plus the self-consistency cost
 * −log(votes/samples) of each step, from the n samples of ONE model call (a step most samples agree on is
 * cheap; where they scatter, as past a silent failure, it is expensive). By default a node is expanded by
 * imagination (`expandByImagination`): the n samples are whole plans from the node, their steps validated in
 * the environment (a refused step is pruned and never grown), h is the plans' mean number of steps left, and
 * a prefix several plans agree on becomes a path many steps deep from one call. With `expansion: 'step'` the
 * samples are next actions and h is the model's estimate of remaining steps: a value call (n samples
 * averaged, one call) at the root and for a node whose proposals all differ, else inherited minus one. The
 * memory of solved plans overrides h for a path that follows one, and imagination follows its plans.
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
      const imagine = (options.expansion ?? 'imagine') === 'imagine';
      const core = new SearchCore(kernel, input, options, {
        name: 'astar',
        imagine,
        // Imagined plans give h; the step expansion anchors it with a value call at the root.
        rootValue: !imagine,
        valueSamples: options.valueSamples ?? 3,
        select: (_root, frontier) => {
          let best: SearchNode | undefined;
          let fBest = Infinity;
          for (const node of frontier) {
            if (node.dead) continue;
            if (node.done) return node;
            const score = f(node);
            // Ties go to the deeper node, then to the one more samples agreed on.
            const tie = Math.abs(score - fBest) <= 1e-9 && best !== undefined;
            const deeper = tie && best !== undefined && node.path.length > best.path.length;
            const agreed =
              tie && best !== undefined && node.path.length === best.path.length && node.votes > best.votes;
            if (score < fBest - 1e-9 || deeper || agreed) {
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
          if (imagine) return [];
          if (!top || top.votes > 1 || node.valued) return [];
          return [node];
        },
        prior: (child) => (memory ? memory.remaining(task, child.path) : undefined),
        remembered: (node) => (memory ? memory.continuations(task, node.path) : []),
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

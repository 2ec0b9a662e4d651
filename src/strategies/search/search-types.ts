import type { EnvironmentMode } from './search-environment.js';
import type { SearchNode } from './search-node.js';

/** Limits of a search. Model calls count a call with n choices once. */
export interface SearchBudget {
  modelCalls: number;
  /** Value calls after one expansion. @default 2 */
  valueCallsPerStep?: number;
  /** Expansions. @default modelCalls */
  iterations?: number;
  /** Longest path. @default 30 */
  depth?: number;
  /** Children kept per expansion (the most voted first). @default samples */
  branching?: number;
  /** Wall time from the search's start, read from the journaled clock. */
  wallMs?: number;
}

/** Settings every search planner shares. */
export interface SearchOptions {
  budget: SearchBudget;
  environment?: EnvironmentMode;
  /** Proposals sampled per expansion: one model call with n choices. @default 5 */
  samples?: number;
  /** Tools the search may use. @default every visible tool but the environment's own */
  tools?: readonly string[];
  /** Times a node whose proposals all failed is sampled again (told what failed). @default 1 */
  reexpand?: number;
}

/** What makes a planner: which node to expand next, which children to value, and how to learn. */
export interface SelectionRule {
  readonly name: string;
  /** The next node to expand, or undefined to stop. */
  select(root: SearchNode, frontier: readonly SearchNode[]): SearchNode | undefined;
  /** The nodes (new children, or the expanded node itself) that get a value call after an expansion. */
  toValue(node: SearchNode, children: readonly SearchNode[]): SearchNode[];
  /** Value samples averaged per value call (one call with n choices). @default 1 */
  valueSamples?: number;
  /** Ask a value call at the root first (anchors h). @default false */
  rootValue?: boolean;
  /** Tell every later proposal which attempts failed (reflection). @default false: only a re-expansion is told */
  reflect?: boolean;
  /** `false`: a node whose proposals all failed is dead at once. */
  reexpand?: boolean;
  /** A known estimate for a new child (the memory of solved plans), instead of inheriting one. */
  prior?(child: SearchNode): number | undefined;
  /** Remembered plans that continue a node's path (imagination follows them like samples). */
  remembered?(node: SearchNode): Array<Array<{ tool: string; input: Record<string, unknown> }>>;
  /** Called after the children got their estimates. */
  learn?(node: SearchNode, children: readonly SearchNode[]): void;
  /** Called with the chosen node when the search reached the goal. */
  solved?(node: SearchNode): void;
  /**
   * Expand by imagination (`expandByImagination`): one call samples n whole plans, merged into a tree of
   * validated steps. @default false: one call samples n next actions
   */
  imagine?: boolean;
}

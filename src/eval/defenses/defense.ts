import type { Policy } from '../../policy/policy.js';
import type { Tool } from '../../tools/tool.js';
import type { LoadedSuite } from '../suite/load-suite.js';
import type { SuiteState, ToolCallSpec, UserTask } from '../suite-types.js';

/** The defenses the benchmark compares. */
export const defenseNames = [
  'none',
  'spotlighting',
  'tool-filter',
  'tool-filter-oracle',
  'policy',
  'policy+narrowing',
  'policy+narrowing-oracle',
] as const;
export type DefenseName = (typeof defenseNames)[number];

/** What a defense gets to build one case's agent from. */
export interface DefenseInput {
  suite: LoadedSuite;
  task: UserTask;
  /** The case's tools, already bound to its fresh state. */
  tools: Tool[];
  instructions: string;
  /** The suite's policy, when the defense needs one. */
  basePolicy?: Policy;
  /** The task's ground truth: only oracle defenses may read it. */
  groundTruth: () => ToolCallSpec[];
  /** The case's initial state. */
  state: SuiteState;
}

/** What the agent of one case is given. The model is never touched. */
export interface DefendedAgent {
  tools: Tool[];
  instructions: string;
  policy?: Policy;
}

export interface Defense {
  name: DefenseName;
  description: string;
  /** Reads the task's ground truth: an upper bound no deployment can reach, reported apart. */
  oracle: boolean;
  /** Needs the suite's policy file. */
  needsPolicy: boolean;
  apply(input: DefenseInput): DefendedAgent;
}

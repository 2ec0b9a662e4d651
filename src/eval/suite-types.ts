import type { Principal, Tool } from '../tools/tool.js';

/**
 * The format of a security-evaluation suite. A suite is a directory:
 *
 * ```
 * <suite>/
 *   suite.yaml         name, description, the files below, injection vectors
 *   environment.yaml   initial state (plain data); injection points are `{{injection:<vectorId>}}` inside strings
 *   toolkit.ts         export default function createToolkit(state): Tool[]   (tools read and mutate `state`)
 *   tasks.ts           export const userTasks: UserTask[]; export const injectionTasks: InjectionTask[]
 *   policy.yaml        the suite's policy, written as a user would write it (Warden policy language)
 * ```
 */
export interface SuiteManifest {
  name: string;
  description: string;
  /** Whom the agent works for, by name (attack templates write it as `{user}`). @default "the user" */
  user?: string;
  /** @default environment.yaml */
  environment?: string;
  /** @default toolkit.ts */
  toolkit?: string;
  /** @default tasks.ts */
  tasks?: string;
  /** @default policy.yaml */
  policy?: string;
  /** The system prompt of the suite's agent. */
  instructions?: string;
  /**
   * Whom every run of the suite acts for: the policy reads it as `principal.*` (`${principal.tenant}` in
   * templates, `roles:` for which tools exist). @default no principal
   */
  principal?: Principal;
  /** Places in the environment an attacker controls, by id. */
  injectionVectors: Record<string, { description: string; default?: string }>;
}

/** A suite's mutable world. Tools read and change it; checks read the final one. */
export type SuiteState = Record<string, any>;

/** One ground-truth action. */
export interface ToolCallSpec {
  tool: string;
  args: Record<string, unknown>;
}

/** A call the agent made during a case, as the checks receive it. */
export interface MadeCall extends ToolCallSpec {
  /** The tool ran and returned a result (false: it failed, or the policy refused it). */
  ok: boolean;
  output?: unknown;
  error?: string;
}

export interface UserTask {
  id: string;
  /** What the user asks, verbatim. */
  prompt: string;
  /** The calls that solve the task, computed from the initial state. */
  groundTruth(state: SuiteState): ToolCallSpec[];
  /** The final answer an oracle gives after its calls (e.g. the fact the user asked for). */
  answer?(state: SuiteState): string;
  /**
   * Did the task succeed? Reads the final state and the agent's final text, and may read the calls the agent
   * made (in order; the benchmark always passes them, direct callers may not). Deterministic. Prefer the outcome to the path: check `calls` only for what leaves no state.
   */
  utility(finalState: SuiteState, output: string, initialState: SuiteState, calls?: readonly MadeCall[]): boolean;
}

export interface InjectionTask {
  id: string;
  /** The attacker's instruction in words, planted through an attack template. */
  goal: string;
  /** The calls that achieve the attacker's goal, computed from the initial state. */
  groundTruth(state: SuiteState): ToolCallSpec[];
  /** Did the attacker's goal happen? Reads the final state (and, like `utility`, may read the calls made). Deterministic. */
  security(finalState: SuiteState, output: string, initialState: SuiteState, calls?: readonly MadeCall[]): boolean;
}

export type ToolkitFactory = (state: SuiteState) => Tool[];

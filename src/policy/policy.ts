import type { Principal } from '../tools/tool.js';

/** A tool call the policy is asked about (direct, MCP, or from inside a code action). */
export interface ToolAction {
  kind: 'tool';
  tool: string;
  /** `local`, `mcp:<server>`, `agent:<name>`, `builtin`, `code` … */
  source: string;
  args: unknown;
  toolCallId: string;
  readOnly?: boolean;
  /** Who asked for it: `model` (the default), `substitute` (a fallback), `code`, `plan`, `strategy`. */
  origin?: string;
}

/** Starting a sub-agent, with what it would be given. */
export interface SpawnAction {
  kind: 'spawn';
  agent: string;
  /** The agent tool's name, when the model asked for it as a tool: rules naming that tool select the spawn. */
  tool?: string;
  /** `agent:<name>`. */
  source?: string;
  /** The tools the child would get. */
  tools: string[];
  input: string;
  origin?: string;
}

export interface MemoryWriteAction {
  kind: 'memory.write';
  key: string;
  value: unknown;
}

export interface ModelGenerateAction {
  kind: 'model.generate';
  model: string;
  /** Why the model is called: `act`, `plan`, `value`, `narrow`, `sampling:<server>`, … */
  purpose?: string;
  /** The tools offered with the call. */
  tools?: string[];
  /**
   * Whose request it is: `run` (the run's own: its strategy, task narrowing) or `mcp:<server>` (a server's
   * sampling request), selected by a rule's `source`. @default run
   */
  source?: string;
}

/**
 * A plan about to run (plan-and-execute): an approval subject that is not a tool call. A replan says so, and
 * whether an earlier plan of the run was approved, so a rule can send replans back to a human.
 */
export interface PlanAction {
  kind: 'plan';
  revision: number;
  steps: Array<{ tool: string; input: unknown }>;
  /** The distinct tools the plan would call. */
  tools: string[];
  replan: boolean;
  /** Why the plan was (re)written: `first plan`, `step 3 failed: …`, `goal not reached`. */
  reason: string;
  /** An earlier plan of this run was approved: this one is not covered by that approval. */
  approvedBefore: boolean;
}

/** Everything the kernel asks the policy about: every syscall is an action. */
export type Action = ToolAction | SpawnAction | MemoryWriteAction | ModelGenerateAction | PlanAction;

/** A finished action in this run, as temporal and flow rules read it. */
export interface HistoryEntry {
  action: Action;
  decision: Decision['decision'];
  /** The tool's output, when it ran. */
  output?: unknown;
  /** `true` when it ran and failed. */
  failed?: boolean;
  /** Labels the output carries (e.g. `untrusted`, `source:read_email`). */
  labels: string[];
  time: number;
}

/** What a decision may read besides the action. */
export interface PolicyContext {
  runId: string;
  principal?: Principal;
  run: { step: number; costUsd: number; tokens: number; elapsedMs: number; agent: string };
  /** Every earlier action of this run, oldest first. The kernel only appends to it. */
  history: readonly HistoryEntry[];
  /**
   * Counts of allowed actions kept across runs, for `limit: per principal | tenant`. The kernel passes a snapshot
   * read from its shared counters just before the decision (the keys `sharedLimits` named); `increment` marks a
   * key to count, and the kernel counts them atomically against their max once the action is allowed.
   */
  counters?: PolicyCounters;
  now: number;
}

/** What a decision reads its shared limits from, synchronously. */
export interface PolicyCounters {
  /** Allowed actions counted under `key` in the last `windowMs` (all of them without a window). */
  get(key: string, windowMs?: number): number;
  /** Counts one more under `key`: called by `decide` for an allowed action. */
  increment(key: string): void;
}

/** A shared counter an action could read or count: the kernel reads it before deciding and reserves it after. */
export interface SharedLimit {
  /** e.g. `limit:<policy>:<rule>:principal:<id>`. */
  key: string;
  /** The most allowed actions the rule lets through in the window. */
  max: number;
  /** Counted over the last `windowMs`; forever when absent. */
  windowMs?: number;
}

/** What to do instead of a denied action. */
export type Fallback =
  | { kind: 'respond'; message: string }
  | { kind: 'halt'; message?: string }
  | { kind: 'substitute'; tool: string; args: unknown }
  | { kind: 'ask'; message?: string };

export interface Decision {
  decision: 'allow' | 'deny' | 'ask';
  /** The rule that made the decision; absent for the policy's default. */
  ruleId?: string;
  reason?: string;
  /** For `deny`: what the kernel does instead. @default respond with the reason */
  fallback?: Fallback;
}

/**
 * The policy seam: a deterministic decision for every action. The kernel calls it
 * before every syscall and journals the decision; the model cannot reach it.
 */
export interface Policy {
  /** Decides an action. Must not throw: an action it cannot evaluate is denied with the reason. */
  decide(action: Action, context: PolicyContext): Decision;
  /** Which tools exist for this run at all (roles). Tools it drops are not shown to the model. */
  visibleTools?(tools: readonly string[], context: PolicyContext): string[];
  /** Labels a tool result carries, by the policy's label rules. */
  labelResult?(action: ToolAction, output: unknown, context: PolicyContext): string[];
  /**
   * The shared counters `decide` could read or increment for this action (limits per principal or tenant). Must be
   * cheap and not throw; a policy without it gets no counters in its context.
   */
  sharedLimits?(action: Action, context: PolicyContext): readonly SharedLimit[];
}

/** Allows everything: the policy of an agent that declares none. */
export const allowAll: Policy = { decide: () => ({ decision: 'allow' }) };

import type { BudgetKind } from './errors/run-errors.js';
import type { JsonValue } from './json.js';
import type { StrategyRecordFields } from './strategy-record-event.js';
import type { Message } from './messages.js';
import type { Usage } from './usage.js';
import type { RunAuthority } from './run-authority.js';
import type { CodeEndFields, CodeStartFields } from './code-events.js';
import type { ErrorInfo, EventBase, ToolCallRepair } from './event-base.js';
import type {
  ModelErrorEvent,
  ModelRequestEvent,
  ModelResponseEvent,
  ModelRouteEvent,
  TextDeltaEvent,
} from './model-events.js';
import type {
  ElicitationRequestEvent,
  ElicitationResponseEvent,
  McpLogRunEvent,
  ToolProgressEvent,
} from './mcp-events.js';

export type {
  ElicitationRequestEvent,
  ElicitationResponseEvent,
  McpLogRunEvent,
  ToolProgressEvent,
} from './mcp-events.js';
export { eventSchemaVersion, type RunAuthority } from './run-authority.js';
export type { ErrorInfo, EventBase, FinishReason, ToolCallRepair } from './event-base.js';
export type {
  ModelErrorEvent,
  ModelRequestEvent,
  ModelResponseEvent,
  ModelRouteEvent,
  ModelRouteReason,
  TextDeltaEvent,
} from './model-events.js';

/** How a run stands. `interrupted`: its process died while it was running; it can be resumed. */
export type RunStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'budget_exceeded'
  | 'awaiting_approval'
  | 'halted'
  | 'interrupted';

export const terminalStatuses: ReadonlySet<RunStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
  'budget_exceeded',
  'halted',
]);

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  agent: string;
  input: string | Message[];
  model: string;
  strategy: string;
  parentRunId?: string;
  /** The principal's id (kept for readers of older logs; `authority` has the whole principal). */
  principal?: string;
  /** Who the run acts for and under which policy: restored on resume, which refuses another principal. */
  authority?: RunAuthority;
  /** The version of the event schema the log was written with. Readers refuse a newer one. */
  schemaVersion?: number;
  /** The instructions the agent ran with, for trajectory export. */
  instructions?: string;
  tools?: string[];
  /** `true` when the model is simulated or scripted, so no report passes it off as a real one. */
  simulated?: boolean;
}

export interface StepStartEvent extends EventBase {
  type: 'step-start';
  step: number;
}

export interface ToolCallEvent extends EventBase {
  type: 'tool-call';
  syscallId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** Where the tool comes from: `local`, `mcp:<server>`, `agent:<name>`, … */
  source: string;
  repair?: ToolCallRepair;
  /** Digest of the tool and its input, checked on replay. */
  fingerprint?: string;
  /** Who asked for the call: `model`, `substitute`, `code`, `plan`, `strategy`. @default 'model' */
  origin?: string;
  /** A planner's exploratory call, not (yet) part of the committed path. */
  exploration?: boolean;
}

export interface PolicyDecisionEvent extends EventBase {
  type: 'policy-decision';
  syscallId: string;
  action: string;
  decision: 'allow' | 'deny' | 'ask';
  ruleId?: string;
  reason?: string;
  /** What happens after a deny: `respond`, `halt`, `substitute`, `ask`. */
  fallback?: string;
  /** Who asked, when not the model: `substitute`, `code`, `plan`, `strategy`. */
  origin?: string;
  durationUs?: number;
}

export interface ToolApprovalRequestEvent extends EventBase {
  type: 'tool-approval-request';
  syscallId: string;
  approvalId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** Hash of the exact call (tool and arguments) the approval is bound to. */
  callHash: string;
  ruleId?: string;
  reason?: string;
}

export interface ToolApprovalResponseEvent extends EventBase {
  type: 'tool-approval-response';
  approvalId: string;
  approved: boolean;
  reason?: string;
  by?: string;
}

export interface ToolResultEvent extends EventBase {
  type: 'tool-result';
  syscallId: string;
  toolCallId: string;
  toolName: string;
  output: unknown;
  durationMs: number;
  /** Information-flow labels the result carries (e.g. `untrusted`). */
  labels?: string[];
  /** The call was denied and this is the result of the substitute its fallback ran (that syscall's id). */
  substitutedBy?: string;
}

export interface ToolErrorEvent extends EventBase {
  type: 'tool-error';
  syscallId: string;
  toolCallId: string;
  toolName: string;
  error: ErrorInfo;
  durationMs: number;
}

export interface AgentSpawnEvent extends EventBase {
  type: 'agent-spawn';
  syscallId: string;
  childRunId: string;
  agent: string;
  /** Digest of the agent and its input, checked on replay. */
  fingerprint?: string;
}

/** A strategy read the clock: replayed on resume so the strategy sees the same time. */
export interface ClockReadEvent extends EventBase {
  type: 'clock-read';
  syscallId: string;
  value: number;
}

/** A code action began (fields in code-events.ts). */
export interface CodeStartEvent extends EventBase, CodeStartFields {}

/** A code action ended (fields in code-events.ts). */
export interface CodeEndEvent extends EventBase, CodeEndFields {}

export interface MemoryWriteEvent extends EventBase {
  type: 'memory-write';
  syscallId: string;
  key: string;
  labels?: string[];
}

export interface LoopDetectedEvent extends EventBase {
  type: 'loop-detected';
  toolName: string;
  repeats: number;
  action: 'warn' | 'stop';
}

export interface BudgetExceededEvent extends EventBase {
  type: 'budget-exceeded';
  budget: BudgetKind;
  limit: number;
  value: number;
}

export interface StepEndEvent extends EventBase {
  type: 'step-end';
  step: number;
  usage: Usage;
}

export interface RunEndEvent extends EventBase {
  type: 'run-end';
  status: RunStatus;
  output?: JsonValue;
  usage: Usage;
  costUsd: number;
  durationMs: number;
  steps: number;
  error?: ErrorInfo;
}

/** The run's policy was narrowed to its task before it read anything (Progent's task-scoped policy). */
export interface PolicyNarrowedEvent extends EventBase {
  type: 'policy-narrowed';
  /** The proposal as accepted: only tools it names, with its rules, intersected with the base policy. */
  proposal: { tools: readonly string[]; rules?: readonly unknown[]; reason?: string };
  /** Who proposed it: `template` or the proposing model's name. */
  by: string;
}

/** A run resumed from its log after an interruption or an approval. */
export interface RunResumeEvent extends EventBase {
  type: 'run-resume';
  reason: string;
}

/** A strategy's own artifact (a plan, a search tree, a progress list), journaled once. */
export interface StrategyRecordEvent extends EventBase, StrategyRecordFields {}

/** Every event a run can emit. Each is one line in the run's append-only log. */
export type RunEvent =
  | RunStartEvent
  | RunResumeEvent
  | StrategyRecordEvent
  | PolicyNarrowedEvent
  | StepStartEvent
  | ModelRequestEvent
  | TextDeltaEvent
  | ModelResponseEvent
  | ModelErrorEvent
  | ModelRouteEvent
  | ToolCallEvent
  | PolicyDecisionEvent
  | ToolApprovalRequestEvent
  | ToolApprovalResponseEvent
  | ToolResultEvent
  | ToolErrorEvent
  | ToolProgressEvent
  | ElicitationRequestEvent
  | ElicitationResponseEvent
  | McpLogRunEvent
  | AgentSpawnEvent
  | ClockReadEvent
  | CodeStartEvent
  | CodeEndEvent
  | MemoryWriteEvent
  | LoopDetectedEvent
  | BudgetExceededEvent
  | StepEndEvent
  | RunEndEvent;

export type RunEventType = RunEvent['type'];

/** An event before the log gives it `runId`, `seq` and `time`. */
export type RunEventInit = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, keyof EventBase> : never) : never;

/** Events sent live but never stored (they would make the log as large as the output many times over). */
export const transientEventTypes: ReadonlySet<RunEventType> = new Set(['text-delta']);

import type { ErrorInfo, FinishReason, RunStatus, ToolCallRepair } from '../core/events.js';
import type { JsonValue } from '../core/json.js';
import type { Message } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import type { ModelRequest, ModelToolSpec, ToolChoice } from '../models/language-model.js';
import type { Budget } from './budget.js';
import type { CodeActionRequest, CodeActionResult } from './code-action-types.js';

export type * from './code-action-types.js';

/** Who asked for a tool call: visible to policy rules (`origin:`) and journaled on the call. */
export type SyscallOrigin = 'model' | 'substitute' | 'code' | 'plan' | 'strategy';

/**
 * Why a model is called. Only `act` counts as a step of the run (`maxSteps`); every call counts against
 * the token and cost budgets and passes the policy as a `model.generate` action carrying its purpose.
 */
export type ModelPurpose = 'act' | 'plan' | 'value' | 'summary' | 'reflect' | 'verify' | 'narrow' | (string & {});

/** One model call a strategy asks for. */
export interface GenerateRequest {
  messages: Message[];
  toolChoice?: ToolChoice;
  responseFormat?: ModelRequest['responseFormat'];
  /** `false`: no tools; a list: only these of the run's visible tools. @default every visible tool */
  tools?: false | readonly string[];
  /** How many choices: native `n` where the provider has it, else concurrent calls. One syscall either way. @default 1 */
  n?: number;
  temperature?: number;
  maxOutputTokens?: number;
  /** @default 'act' */
  purpose?: ModelPurpose;
  /**
   * Tells model routing why this call should go to the next, stronger model (e.g. the repair call after a final
   * answer failed the output schema). Ignored without routing, or when the agent's routing does not escalate on it.
   */
  escalate?: 'output-invalid';
}

/** One answer of the model. */
export interface GenerateChoice {
  text: string;
  /** The model's tool calls: parsed input when its arguments were JSON, else the raw arguments. */
  toolCalls: PendingToolCall[];
  finishReason: FinishReason;
}

/** What one model call gave back: the first choice, and all of them when `n > 1`. */
export interface GenerateResult extends GenerateChoice {
  usage: Usage;
  choices: GenerateChoice[];
}

/** A tool call a strategy wants made: raw arguments from the model, or an input it built itself. */
export interface PendingToolCall {
  toolCallId: string;
  toolName: string;
  arguments?: string;
  input?: unknown;
  repair?: ToolCallRepair;
}

/** The outcome of one tool call as the model will read it. */
export interface ToolCallResult {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output: unknown;
  isError: boolean;
  /** Information-flow labels the result carries (e.g. `untrusted`). */
  labels: string[];
  /** The error's stable code when `isError`. */
  errorCode?: string;
}

/** Options of one batch of tool calls. */
export interface CallToolsOptions {
  /** @default 'model' */
  origin?: SyscallOrigin;
  /** A search planner trying an action it may not keep; the journal tells exploration from commitment. */
  exploration?: boolean;
  /**
   * The caller's stop (a code action's, when its guest died with the run): a call of the batch decided after it
   * aborted does not start, and the batch rejects with its reason.
   */
  signal?: AbortSignal;
  /** Called as each call of the batch is decided and about to start (a code action orders its guest's calls so). */
  onDecided?: () => void;
}

/** A plan a strategy wants to run, as the policy decides it (a `plan` action) and a human may approve it. */
export interface PlanApprovalRequest {
  revision: number;
  steps: Array<{ tool: string; input: unknown }>;
  replan: boolean;
  /** Why the plan was written: `first plan`, `step 3 failed: …`, `goal not reached`. */
  reason: string;
  /** An earlier plan of the run was approved (that approval does not cover this one). */
  approvedBefore: boolean;
}

/** Something the runtime can run as a child: an agent (a runtime type the kernel does not know). */
export interface SpawnableAgent {
  readonly name: string;
}

/** Options of a strategy's own spawn. */
export interface SpawnOptions {
  /** The child's own limits, capped by what the parent has left. */
  budget?: Budget;
}

/** How a child run ended, as its parent sees it. */
export interface SpawnResult {
  runId: string;
  status: RunStatus;
  text: string;
  output: unknown;
  usage: Usage;
  costUsd: number;
  /** Every label the child read, plus `source:agent:<name>`. */
  labels: string[];
  error?: ErrorInfo;
}

/**
 * The syscall interface strategies program against. Every effect on the world and every model call goes
 * through it, so each is decided by the policy, accounted, journaled, scheduled and labelled. Calls may run
 * concurrently; results replay from the journal on resume, so a strategy must be deterministic given them.
 */
export interface AgentKernel {
  readonly runId: string;
  /** The tools this run may show the model (roles and task narrowing applied). */
  readonly toolSpecs: readonly ModelToolSpec[];
  readonly toolNames: ReadonlySet<string>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  callTools(calls: readonly PendingToolCall[], options?: CallToolsOptions): Promise<ToolCallResult[]>;
  /** Runs another agent as a child: decided like a model-requested agent tool, charged to this run. */
  spawn(agent: SpawnableAgent, input: string, options?: SpawnOptions): Promise<SpawnResult>;
  /**
   * Runs a code action in a sandbox, as a syscall (`code-start` / `code-end`) with a scope of its own: every tool
   * the code calls is a `callTools` with origin `code`. Resolves with the observation; a stop of the run rejects.
   */
  runCode(request: CodeActionRequest): Promise<CodeActionResult>;
  /**
   * Opens a new step in the log (closing the open one). A strategy that never calls it gets one step per
   * `act` model call; one that runs model calls concurrently opens steps itself.
   */
  beginStep(): void;
  /**
   * A child syscall scope (a branch of a search, a code action): its own id counter and seeded RNG, so
   * concurrent scopes replay deterministically. The same name always gives the same scope ids.
   */
  scope(name: string): AgentKernel;
  /**
   * Asks the policy about a plan before it runs (a `plan` action); when it says ask, a human decides (the run
   * suspends until the approval is answered, and resumes here). Resolves when allowed; throws a `WardenError`
   * (`POLICY_DENIED`, `APPROVAL_DENIED`) when not. Every revision is decided anew.
   */
  approvePlan(plan: PlanApprovalRequest): Promise<void>;
  /**
   * Journals a strategy's own artifact (a plan, a search tree, a progress list) as a `strategy-record` event.
   * Takes a syscall id, so a resumed run that records the same artifact again does not write it twice.
   */
  record(kind: string, data: JsonValue): void;
  /** Journaled time: the same on replay. */
  now(): number;
  /** Seeded by the run and scope: the same sequence on replay. */
  random(): number;
}

import type { ErrorInfo, EventBase, FinishReason, ToolCallRepair } from './event-base.js';
import type { TextPart, ToolCallPart } from './messages.js';
import type { Usage } from './usage.js';

export interface ModelRequestEvent extends EventBase {
  type: 'model-request';
  syscallId: string;
  step: number;
  model: string;
  messageCount: number;
  tools: string[];
  /** Digest of the request, checked on replay. */
  fingerprint?: string;
  /** Why the model is called; only `act` counts as a step. @default 'act' */
  purpose?: string;
  /** Choices asked for, when more than one. */
  n?: number;
}

/** Streamed text. Transient: sent to live listeners, never stored. */
export interface TextDeltaEvent extends EventBase {
  type: 'text-delta';
  syscallId: string;
  delta: string;
}

export interface ModelResponseEvent extends EventBase {
  type: 'model-response';
  syscallId: string;
  step: number;
  content: Array<TextPart | ToolCallPart>;
  finishReason: FinishReason;
  usage: Usage;
  costUsd: number;
  durationMs: number;
  /** Provider's response id, when given. */
  responseId?: string;
  repairs?: ToolCallRepair[];
  /** Every choice when more than one was asked for; `content` is the first. */
  choices?: Array<{ content: Array<TextPart | ToolCallPart>; finishReason: FinishReason }>;
  /** Time spent waiting for a scheduler slot (over every attempt), apart from `durationMs`. */
  queueMs?: number;
  /** Time spent waiting between attempts (backoff, `retry-after`), apart from `durationMs` and `queueMs`. */
  retryWaitMs?: number;
  /** Attempts the call took, when more than one (kernel retries, routing fallback or escalation). */
  attempts?: number;
  /** The model that gave this answer, when routing moved the call off the model its request names. */
  model?: string;
  /** Routing escalated the call (a refusal, a tool call that did not parse): later calls start on this model. */
  escalatedTo?: string;
  /** Tokens and cost per model, when more than one model answered within the call; `usage` is their sum. */
  byModel?: Array<{ model: string; usage: Usage; costUsd: number }>;
  /** What was wrong with the response and how it was repaired, e.g. malformed usage from the provider. */
  warnings?: string[];
}

export interface ModelErrorEvent extends EventBase {
  type: 'model-error';
  syscallId: string;
  step: number;
  error: ErrorInfo;
  /** 1 for the first attempt of the call, 2 for the first retry, … (counted per model). */
  attempt: number;
  willRetry: boolean;
  /** The model this attempt called. */
  model?: string;
  /** How long the kernel waits before the next attempt, when `willRetry`. */
  waitMs?: number;
  /** Time the attempt waited for a scheduler slot. */
  queueMs?: number;
  /** Time the attempt was served (the provider's answer), apart from `queueMs`. */
  durationMs?: number;
}

/** Why routing moved a model call to another model. */
export type ModelRouteReason = 'refusal' | 'tool-call-parse' | 'output-invalid' | 'budget' | 'provider-error';

/** A routing decision: the call `syscallId` moves from one model to the next of the agent's models. */
export interface ModelRouteEvent extends EventBase {
  type: 'model-route';
  syscallId: string;
  from: string;
  to: string;
  reason: ModelRouteReason;
  /** What triggered it, e.g. the budget rule, the refusal's finish reason, the provider's error. */
  detail?: string;
  /** `true` when later calls start on `to` (escalation); a fallback applies to this call only. */
  sticky: boolean;
}

import type { FinishReason } from '../core/events.js';
import type { JsonSchema } from '../core/json.js';
import type { Message, TextPart } from '../core/messages.js';
import type { Usage } from '../core/usage.js';

/** A tool as the model sees it. */
export interface ModelToolSpec {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

/** Which tool the model must (or must not) call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { toolName: string };

/** One request to a model: provider-neutral. */
export interface ModelRequest {
  messages: Message[];
  tools?: ModelToolSpec[];
  toolChoice?: ToolChoice;
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  /** How many choices to generate, for models that say `supportsChoices`; others are called n times instead. */
  n?: number;
  /** Ask for JSON output, optionally matching a schema. */
  responseFormat?: { type: 'text' } | { type: 'json'; schema?: JsonSchema; name?: string };
  abortSignal?: AbortSignal;
  /**
   * `false`: the caller retries failed attempts itself (the kernel does, through its scheduler), so wrappers such
   * as `withRetry` send the request once. @default retries as the model is configured
   */
  retry?: false;
  /** Extra HTTP headers for this request. */
  headers?: Record<string, string>;
  /** Provider-specific options, keyed by provider name; passed through untouched. */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/**
 * A tool call as the model wrote it. `arguments` is the raw text: the kernel parses and,
 * for weak models, repairs it, so that a broken call becomes an error the model can read.
 */
export interface ModelToolCall {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  arguments: string;
}

export interface ModelResponse {
  content: Array<TextPart | ModelToolCall>;
  finishReason: FinishReason;
  usage: Usage;
  response?: { id?: string; modelId?: string; headers?: Record<string, string> };
  /** What was wrong with the response and how it was repaired, e.g. malformed usage (journaled on `model-response`). */
  warnings?: string[];
  /** Every choice when the request asked for `n > 1` (the first is `content`); usage covers them all. */
  choices?: Array<{ content: Array<TextPart | ModelToolCall>; finishReason: FinishReason }>;
}

/** Parts of a streamed response, named `<noun>-<verb>`. The stream ends with exactly one `finish` or `error`. */
export type ModelStreamPart =
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call-delta'; toolCallId: string; toolName: string; argumentsDelta: string }
  | ModelToolCall
  | {
      type: 'finish';
      finishReason: FinishReason;
      usage: Usage;
      response?: ModelResponse['response'];
      /** What was wrong with the response, e.g. malformed usage the provider reported (see `ModelResponse.warnings`). */
      warnings?: string[];
    }
  | { type: 'error'; error: unknown };

/**
 * The one seam between Warden and a model provider. Implementations translate
 * to and from one wire API and nothing else: retries, budgets, journaling and
 * cost live in the kernel or in wrappers.
 */
export interface LanguageModel {
  readonly specificationVersion: 'warden-1';
  /** e.g. `openai`, `anthropic`, `ollama`, `scripted`. */
  readonly provider: string;
  readonly modelId: string;
  /** `true` for scripted and simulated models: every report says so. */
  readonly simulated?: boolean;
  /** The provider generates `n` choices in one call (OpenAI's `n`); non-streaming only. */
  readonly supportsChoices?: boolean;
  doGenerate(request: ModelRequest): Promise<ModelResponse>;
  doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>>;
}

/** `provider:modelId`, the name a model goes by in events and reports. */
export const modelName = (model: LanguageModel): string => `${model.provider}:${model.modelId}`;

/**
 * The parts of the AI SDK's provider specification (`LanguageModelV2` of `@ai-sdk/provider` 2.x, `LanguageModelV3`
 * of 3.x) that Warden writes and reads, written here so that Warden's declarations need no AI SDK package. A real
 * provider model (`openai('gpt-4o')`, `createOpenAICompatible(...)('llama3.2')`, `MockLanguageModelV3`) fits them.
 */

/** A message of an AI SDK prompt, as Warden writes it (the subset of both specifications Warden needs). */
export type AiSdkMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: Array<AiSdkTextPart | AiSdkFilePart> }
  | { role: 'assistant'; content: Array<AiSdkTextPart | AiSdkToolCallPart> }
  | { role: 'tool'; content: AiSdkToolResultPart[] };

export interface AiSdkTextPart {
  type: 'text';
  text: string;
}

export interface AiSdkFilePart {
  type: 'file';
  data: string | URL;
  mediaType: string;
}

export interface AiSdkToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface AiSdkToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  output:
    | { type: 'text'; value: string }
    | { type: 'error-text'; value: string }
    | { type: 'json'; value: AiSdkJsonValue }
    | { type: 'error-json'; value: AiSdkJsonValue };
}

/** `JSONValue` of `@ai-sdk/provider`. */
export type AiSdkJsonValue =
  | null
  | string
  | number
  | boolean
  | { [key: string]: AiSdkJsonValue | undefined }
  | AiSdkJsonValue[];

/** The call options Warden sends (`LanguageModelV2CallOptions` / `LanguageModelV3CallOptions`). */
export interface AiSdkCallOptions {
  prompt: AiSdkMessage[];
  tools?: Array<{ type: 'function'; name: string; description?: string; inputSchema: Record<string, unknown> }>;
  toolChoice?: { type: 'auto' | 'none' | 'required' } | { type: 'tool'; toolName: string };
  responseFormat?: { type: 'text' } | { type: 'json'; schema?: Record<string, unknown>; name?: string };
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  seed?: number;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
  providerOptions?: Record<string, Record<string, AiSdkJsonValue>>;
}

/** Token usage: flat in V2, nested in V3. */
export type AiSdkUsage =
  | {
      inputTokens: number | undefined;
      outputTokens: number | undefined;
      totalTokens?: number | undefined;
      reasoningTokens?: number | undefined;
      cachedInputTokens?: number | undefined;
    }
  | {
      inputTokens: { total: number | undefined; cacheRead?: number | undefined };
      outputTokens: { total: number | undefined; reasoning?: number | undefined };
    };

/** A string in V2, `{ unified, raw }` in V3. */
export type AiSdkFinishReason = string | { unified: string; raw?: string | undefined };

/** What `doGenerate` resolves with. Content parts other than text and tool calls are not read. */
export interface AiSdkGenerateResult {
  content: ReadonlyArray<{ type: string }>;
  finishReason: AiSdkFinishReason;
  usage: AiSdkUsage;
  response?: { id?: string | undefined; modelId?: string | undefined; headers?: Record<string, string> | undefined };
  warnings?: ReadonlyArray<object>;
}

/** What `doStream` resolves with. */
export interface AiSdkStreamResult {
  stream: ReadableStream<{ type: string }>;
  response?: { headers?: Record<string, string> | undefined };
}

/** An AI SDK provider model: `LanguageModelV2` or `LanguageModelV3`. */
export interface AiSdkLanguageModel {
  readonly specificationVersion: 'v2' | 'v3';
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: AiSdkCallOptions): PromiseLike<AiSdkGenerateResult>;
  doStream(options: AiSdkCallOptions): PromiseLike<AiSdkStreamResult>;
}

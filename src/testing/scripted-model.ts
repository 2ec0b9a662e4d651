import type { FinishReason } from '../core/events.js';
import type { TextPart } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import { streamFromResponse } from '../models/collect-stream.js';
import type {
  LanguageModel,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
  ModelToolCall,
} from '../models/language-model.js';

/** One scripted turn: shorthand, a full response, a function of the request, or an error to throw. */
export type ScriptedStep =
  | {
      text?: string;
      toolCalls?: Array<{ name: string; input?: unknown; arguments?: string; id?: string }>;
      usage?: Partial<Usage>;
      finishReason?: FinishReason;
    }
  | { response: ModelResponse }
  | { error: unknown }
  | ((request: ModelRequest, index: number) => ScriptedStep);

export interface ScriptedModelOptions {
  provider?: string;
  modelId?: string;
  /** Split streamed text into deltas of this many characters. @default 8 */
  chunkSize?: number;
}

/**
 * A model that plays a list of responses in order and records every request.
 * Asking for more turns than scripted throws; `assertAllUsed()` throws if some were never played.
 */
export class ScriptedModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly simulated = true;
  readonly requests: ModelRequest[] = [];
  private readonly chunkSize: number;

  constructor(
    private readonly steps: ScriptedStep[],
    options: ScriptedModelOptions = {},
  ) {
    this.provider = options.provider ?? 'scripted';
    this.modelId = options.modelId ?? 'scripted-model';
    this.chunkSize = options.chunkSize ?? 8;
  }

  /** How many scripted turns have been played. */
  get used(): number {
    return this.requests.length;
  }

  assertAllUsed(): void {
    if (this.requests.length < this.steps.length) {
      throw new Error(`ScriptedModel: ${this.steps.length - this.requests.length} scripted step(s) were never used.`);
    }
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    return this.next(request);
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    const response = this.next(request);
    const parts: ModelStreamPart[] = [];
    for (const part of response.content) {
      if (part.type === 'text') {
        for (let i = 0; i < part.text.length; i += this.chunkSize) {
          parts.push({ type: 'text-delta', delta: part.text.slice(i, i + this.chunkSize) });
        }
      } else parts.push(part);
    }
    if (parts.length === response.content.length) return streamFromResponse(response);
    parts.push({ type: 'finish', finishReason: response.finishReason, usage: response.usage });
    return new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
  }

  private next(request: ModelRequest): ModelResponse {
    const index = this.requests.length;
    this.requests.push({ ...request, messages: [...request.messages] });
    if (request.abortSignal?.aborted) throw request.abortSignal.reason ?? new Error('aborted');
    const step = this.steps[index];
    if (step === undefined) {
      throw new Error(
        `ScriptedModel: no scripted response for request #${index + 1} (only ${this.steps.length} scripted).`,
      );
    }
    return toResponse(step, request, index);
  }
}

function toResponse(step: ScriptedStep, request: ModelRequest, index: number): ModelResponse {
  if (typeof step === 'function') return toResponse(step(request, index), request, index);
  if ('response' in step) return step.response;
  if ('error' in step) throw step.error;
  const content: Array<TextPart | ModelToolCall> = [];
  if (step.text) content.push({ type: 'text', text: step.text });
  for (const [i, call] of (step.toolCalls ?? []).entries()) {
    content.push({
      type: 'tool-call',
      toolCallId: call.id ?? `call_${index + 1}_${i + 1}`,
      toolName: call.name,
      arguments: call.arguments ?? JSON.stringify(call.input ?? {}),
    });
  }
  const inputTokens = step.usage?.inputTokens ?? 10;
  const outputTokens = step.usage?.outputTokens ?? 5;
  return {
    content,
    finishReason: step.finishReason ?? (step.toolCalls?.length ? 'tool-calls' : 'stop'),
    usage: { inputTokens, outputTokens, totalTokens: step.usage?.totalTokens ?? inputTokens + outputTokens },
  };
}

import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../language-model.js';
import { fromAiSdkError } from './ai-sdk-error.js';
import { toWardenStream } from './ai-sdk-stream.js';
import type { AiSdkLanguageModel } from './ai-sdk-types.js';
import { toAiSdkCallOptions } from './to-ai-sdk-call.js';
import { fromAiSdkResult } from './from-ai-sdk-result.js';

export interface FromAiSdkOptions {
  /**
   * The provider name in Warden's events, reports and price table.
   * @default the AI SDK provider id up to its first dot (`openai.chat` → `openai`)
   */
  provider?: string;
  /** The model id in Warden's events and price table. @default the AI SDK model's `modelId` */
  modelId?: string;
  /** Mark a mock or simulated model, so that every report says so. @default false */
  simulated?: boolean;
}

/**
 * Any AI SDK provider model (`LanguageModelV2` or `LanguageModelV3`: `openai('gpt-4o')`, `anthropic(...)`,
 * `createOpenAICompatible(...)(...)`, `MockLanguageModelV3`) as a Warden model: text, tool calls, streaming, usage,
 * JSON output, abort, and failures as `ProviderError` with `status`, `retryable` and `retryAfterMs`. The AI SDK's
 * own retries are not involved (this calls the provider model directly): wrap the result in `withRetry`.
 * @example
 * import { openai } from '@ai-sdk/openai';
 * import { fromAiSdk } from 'warden/ai-sdk';
 * const model = fromAiSdk(openai('gpt-4o-mini'));
 */
export function fromAiSdk(model: AiSdkLanguageModel, options: FromAiSdkOptions = {}): LanguageModel {
  const version = (model as { specificationVersion?: unknown })?.specificationVersion;
  if (version !== 'v2' && version !== 'v3') {
    throw new TypeError(
      `fromAiSdk needs an AI SDK provider model (specificationVersion "v2" or "v3"), got ${JSON.stringify(version)}. ` +
        'Pass the provider model itself, e.g. fromAiSdk(openai("gpt-4o-mini")); a model id string is resolved by the AI SDK, not by Warden.',
    );
  }
  return new AiSdkModel(model, options);
}

class AiSdkModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly simulated: boolean | undefined;

  constructor(
    private readonly model: AiSdkLanguageModel,
    options: FromAiSdkOptions,
  ) {
    this.provider = options.provider ?? model.provider.split('.')[0] ?? model.provider;
    this.modelId = options.modelId ?? model.modelId;
    this.simulated = options.simulated;
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    const signal = request.abortSignal;
    try {
      const result = await untilAborted(this.model.doGenerate(toAiSdkCallOptions(request)), signal);
      return fromAiSdkResult(result);
    } catch (error) {
      throw fromAiSdkError(error, this.provider, signal);
    }
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    const signal = request.abortSignal;
    try {
      const result = await untilAborted(this.model.doStream(toAiSdkCallOptions(request)), signal);
      return toWardenStream(result.stream, {
        provider: this.provider,
        signal,
        headers: result.response?.headers,
        fail: (error) => fromAiSdkError(error, this.provider, signal),
      });
    } catch (error) {
      throw fromAiSdkError(error, this.provider, signal);
    }
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (a provider may not listen). */
function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

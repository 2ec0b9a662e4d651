import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { ConfigError } from '../../core/errors/config-error.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../language-model.js';
import { fromOpenAICompletion } from './from-openai-response.js';
import { fromOpenAIError } from './openai-error.js';
import type { OpenAICompatibleSettings } from './openai-settings.js';
import { toPartStream } from './openai-stream.js';
import { convertedMessages } from './to-openai-messages.js';
import { type OpenAIRequestDefaults, toOpenAIBody } from './to-openai-request.js';

const defaultTimeoutMs = 600_000;

/**
 * A model behind an OpenAI-compatible Chat Completions API (OpenAI, Azure, Ollama, vLLM,
 * LM Studio, llama.cpp, …), through the official `openai` SDK. The SDK does not retry:
 * wrap the model in `withRetry` for that. Every failure is a `ProviderError`.
 * @example
 * const model = createOpenAICompatible({ provider: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.2' });
 */
export function createOpenAICompatible(settings: OpenAICompatibleSettings): LanguageModel {
  return new OpenAICompatibleModel(settings);
}

class OpenAICompatibleModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly simulated: boolean | undefined;
  readonly supportsChoices = true;
  private readonly client: OpenAI;
  private readonly defaults: OpenAIRequestDefaults;
  private readonly timeoutMs: number;
  /** The conversations it last sent, converted (a step converts only its new messages). */
  private readonly converted = convertedMessages();

  constructor(settings: OpenAICompatibleSettings) {
    this.provider = settings.provider ?? 'openai';
    this.modelId = settings.model;
    this.simulated = settings.simulated;
    this.timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
    // A key from the environment belongs to api.openai.com: never send it to another baseURL.
    const apiKey = settings.apiKey ?? (settings.baseURL ? 'not-needed' : process.env.OPENAI_API_KEY);
    if (!apiKey) {
      throw new ConfigError(
        `No API key for ${this.provider}:${this.modelId}.`,
        { fix: 'Set OPENAI_API_KEY, or pass apiKey (in warden.yaml: models.<name>.apiKey).' },
        'MODEL_API_KEY_MISSING',
      );
    }
    this.client = new OpenAI({
      apiKey,
      baseURL: settings.baseURL,
      organization: settings.organization ?? (settings.baseURL ? null : undefined),
      project: settings.baseURL ? null : undefined,
      defaultHeaders: settings.headers,
      defaultQuery: settings.query,
      timeout: this.timeoutMs,
      fetch: settings.fetch,
      maxRetries: 0,
      logLevel: process.env.OPENAI_LOG ? undefined : 'off',
    });
    this.defaults = {
      model: settings.model,
      provider: this.provider,
      temperature: settings.temperature,
      topP: settings.topP,
      maxOutputTokens: settings.maxOutputTokens,
      parallelToolCalls: settings.parallelToolCalls,
      maxTokensField: this.provider === 'openai' ? 'max_completion_tokens' : 'max_tokens',
    };
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    try {
      const body = toOpenAIBody(request, this.defaults, this.converted) as ChatCompletionCreateParamsNonStreaming;
      const completion = await this.client.chat.completions.create(body, requestOptions(request));
      return fromOpenAICompletion(completion, this.provider, request);
    } catch (error) {
      throw this.fail(error, request.abortSignal);
    }
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    const signal = request.abortSignal;
    try {
      const body = toOpenAIBody(request, this.defaults, this.converted) as ChatCompletionCreateParamsStreaming;
      body.stream = true;
      body.stream_options = { include_usage: true };
      const chunks = await this.client.chat.completions.create(body, requestOptions(request));
      return toPartStream(chunks, {
        provider: this.provider,
        signal,
        fail: (error) => this.fail(error, signal),
        request,
      });
    } catch (error) {
      throw this.fail(error, signal);
    }
  }

  private fail(error: unknown, signal: AbortSignal | undefined): unknown {
    return fromOpenAIError(error, {
      provider: this.provider,
      baseURL: this.client.baseURL,
      timeoutMs: this.timeoutMs,
      signal,
    });
  }
}

function requestOptions(request: ModelRequest): OpenAI.RequestOptions | undefined {
  if (!request.abortSignal && !request.headers) return undefined;
  return { signal: request.abortSignal ?? null, headers: request.headers };
}

import Anthropic from '@anthropic-ai/sdk';
import { ConfigError } from '../../core/errors/config-error.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../language-model.js';
import { fromAnthropicError } from './anthropic-error.js';
import type { AnthropicSettings } from './anthropic-settings.js';
import { toPartStream } from './anthropic-stream.js';
import { fromAnthropicMessage } from './from-anthropic-response.js';
import { type AnthropicRequestDefaults, toAnthropicBody } from './to-anthropic-request.js';

const defaultTimeoutMs = 600_000;

/**
 * A Claude model through the official `@anthropic-ai/sdk` Messages API. The SDK does not
 * retry: wrap the model in `withRetry` for that. Every failure is a `ProviderError`.
 * @example
 * const model = createAnthropic({ model: 'claude-sonnet-4-5' });
 */
export function createAnthropic(settings: AnthropicSettings): LanguageModel {
  return new AnthropicModel(settings);
}

class AnthropicModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly client: Anthropic;
  private readonly defaults: AnthropicRequestDefaults;
  private readonly timeoutMs: number;

  constructor(settings: AnthropicSettings) {
    this.provider = settings.provider ?? 'anthropic';
    this.modelId = settings.model;
    this.timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
    // A key from the environment belongs to api.anthropic.com: never send it to another baseURL.
    const apiKey = settings.apiKey ?? (settings.baseURL ? 'not-needed' : process.env.ANTHROPIC_API_KEY);
    if (!apiKey) {
      throw new ConfigError(
        `No API key for ${this.provider}:${this.modelId}.`,
        { fix: 'Set ANTHROPIC_API_KEY, or pass apiKey (in warden.yaml: models.<name>.apiKey).' },
        'MODEL_API_KEY_MISSING',
      );
    }
    this.client = new Anthropic({
      apiKey,
      baseURL: settings.baseURL,
      defaultHeaders: settings.headers,
      defaultQuery: settings.query,
      timeout: this.timeoutMs,
      fetch: settings.fetch,
      maxRetries: 0,
      logLevel: process.env.ANTHROPIC_LOG ? undefined : 'off',
    });
    this.defaults = {
      model: settings.model,
      provider: this.provider,
      maxOutputTokens: settings.maxOutputTokens ?? 4096,
      temperature: settings.temperature,
      topP: settings.topP,
      parallelToolCalls: settings.parallelToolCalls,
    };
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    try {
      const body = toAnthropicBody(request, this.defaults);
      const message = await this.client.messages.create({ ...body, stream: false }, requestOptions(request));
      return fromAnthropicMessage(message, this.provider, request);
    } catch (error) {
      throw this.fail(error, request.abortSignal);
    }
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    const signal = request.abortSignal;
    try {
      const body = toAnthropicBody(request, this.defaults);
      const events = await this.client.messages.create({ ...body, stream: true }, requestOptions(request));
      return toPartStream(events, {
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
    return fromAnthropicError(error, {
      provider: this.provider,
      baseURL: this.client.baseURL,
      timeoutMs: this.timeoutMs,
      signal,
    });
  }
}

function requestOptions(request: ModelRequest): Anthropic.RequestOptions | undefined {
  if (!request.abortSignal && !request.headers) return undefined;
  return { signal: request.abortSignal ?? null, headers: request.headers };
}

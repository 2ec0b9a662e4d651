import { z } from 'zod';
import { ConfigError } from '../core/errors/config-error.js';
import { createAnthropic } from './anthropic/anthropic-model.js';
import type { LanguageModel } from './language-model.js';
import { createOpenAICompatible } from './openai/openai-compatible-model.js';
import type { PriceTable } from './pricing.js';
import { type RetryOptions, withRetry } from './retry/with-retry.js';

/** Local OpenAI-compatible servers: the env var that overrides each default base URL. */
const localServers = {
  ollama: { env: 'OLLAMA_BASE_URL', baseURL: 'http://127.0.0.1:11434/v1' },
  lmstudio: { env: 'LMSTUDIO_BASE_URL', baseURL: 'http://127.0.0.1:1234/v1' },
  vllm: { env: 'VLLM_BASE_URL', baseURL: 'http://127.0.0.1:8000/v1' },
  llamacpp: { env: 'LLAMACPP_BASE_URL', baseURL: 'http://127.0.0.1:8080/v1' },
} as const;

/** Prefixes a model string may start with, e.g. `ollama:llama3.2`. */
export const modelPrefixes = [
  'openai',
  'anthropic',
  ...(Object.keys(localServers) as Array<keyof typeof localServers>),
];

const nonNegative = z.number().nonnegative();

/** One entry under `models:` in `warden.yaml`. */
export const modelSettingsSchema = z.strictObject({
  provider: z.enum(['openai', 'openai-compatible', 'anthropic', 'ollama', 'lmstudio', 'vllm', 'llamacpp']),
  model: z.string().min(1),
  baseURL: z.url().optional(),
  apiKey: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  query: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  /** Retries after the first attempt; 0 turns retrying off. */
  maxRetries: z.number().int().min(0).max(20).optional(),
  /** US dollars per million tokens, for models the built-in price table does not know. */
  price: z
    .strictObject({ inputPerMTok: nonNegative, outputPerMTok: nonNegative, cachedInputPerMTok: nonNegative.optional() })
    .optional(),
});

/** A validated entry under `models:`. */
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** Where {@link resolveModel} looks beyond the model string. */
export interface ResolveModelOptions {
  /** Named models from configuration; a name wins over a prefix. */
  models?: Record<string, ModelSettings>;
  /** Where API keys and base URLs are read. @default process.env */
  env?: Record<string, string | undefined>;
  /** Backoff for the `withRetry` wrapper (`maxRetries` comes from the settings); `false` leaves models unwrapped. */
  retry?: Omit<RetryOptions, 'maxRetries'> | false;
  /** A `fetch` for every model (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A model from a model string (`openai:gpt-4o-mini`, `anthropic:claude-sonnet-4-5`, `ollama:llama3.2`,
 * `lmstudio:…`, `vllm:…`, `llamacpp:…`), from the name of a configured model, or from settings.
 * The model is wrapped in `withRetry` (which steps aside under the kernel: the kernel retries, by the same settings). Throws a `ConfigError` that says what to fix.
 * @example
 * const model = resolveModel('ollama:qwen2.5:7b');
 */
export function resolveModel(spec: string | ModelSettings, options: ResolveModelOptions = {}): LanguageModel {
  if (typeof spec !== 'string') return build(spec, undefined, options);
  const configured = options.models && Object.hasOwn(options.models, spec) ? options.models[spec] : undefined;
  if (configured) return build(configured, `models.${spec}`, options);
  const colon = spec.indexOf(':');
  const prefix = colon > 0 ? spec.slice(0, colon) : '';
  const modelId = spec.slice(colon + 1);
  if (!modelPrefixes.includes(prefix) || !modelId) throw unknownModel(spec, options);
  return build({ provider: prefix as ModelSettings['provider'], model: modelId }, undefined, options);
}

/** Prices from configured models' `price`, keyed `provider:model` for `findPrice`. */
export function modelPrices(models: Record<string, ModelSettings>): PriceTable {
  const table: PriceTable = {};
  for (const settings of Object.values(models)) {
    if (settings.price) table[`${settings.provider}:${settings.model}`] = settings.price;
  }
  return table;
}

function build(settings: ModelSettings, path: string | undefined, options: ResolveModelOptions): LanguageModel {
  const model = create(settings, path, options.env ?? process.env, options.fetch);
  if (options.retry === false) return model;
  // Wrapped even with maxRetries 0: the kernel reads the model's retry settings and retries by them.
  return withRetry(model, { ...options.retry, maxRetries: settings.maxRetries });
}

function create(
  settings: ModelSettings,
  path: string | undefined,
  env: Record<string, string | undefined>,
  fetch: typeof globalThis.fetch | undefined,
): LanguageModel {
  const common = {
    model: settings.model,
    provider: settings.provider,
    headers: settings.headers,
    query: settings.query,
    timeoutMs: settings.timeoutMs,
    temperature: settings.temperature,
    maxOutputTokens: settings.maxOutputTokens,
    fetch,
  };
  switch (settings.provider) {
    case 'openai':
      return createOpenAICompatible({
        ...common,
        baseURL: settings.baseURL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
        apiKey: requireKey(settings, path, env, 'OPENAI_API_KEY'),
      });
    case 'anthropic':
      return createAnthropic({
        ...common,
        baseURL: settings.baseURL ?? env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
        apiKey: requireKey(settings, path, env, 'ANTHROPIC_API_KEY'),
      });
    case 'openai-compatible':
      if (!settings.baseURL) {
        throw new ConfigError(`The openai-compatible model "${settings.model}" has no baseURL.`, {
          path: path && `${path}.baseURL`,
          fix: 'Set baseURL to the server root ending in /v1, e.g. http://127.0.0.1:8000/v1.',
        });
      }
      return createOpenAICompatible({ ...common, baseURL: settings.baseURL, apiKey: settings.apiKey });
    default: {
      const local = localServers[settings.provider];
      const baseURL = settings.baseURL ?? env[local.env] ?? local.baseURL;
      return createOpenAICompatible({ ...common, baseURL, apiKey: settings.apiKey });
    }
  }
}

function requireKey(
  settings: ModelSettings,
  path: string | undefined,
  env: Record<string, string | undefined>,
  variable: string,
): string {
  const key = settings.apiKey ?? env[variable];
  if (key) return key;
  const where = path ? `set ${variable}, or ${path}.apiKey in the config file` : `set ${variable}`;
  throw new ConfigError(
    `No API key for ${settings.provider}:${settings.model}.`,
    { path: path && `${path}.apiKey`, fix: `${where[0]?.toUpperCase()}${where.slice(1)}.` },
    'MODEL_API_KEY_MISSING',
  );
}

function unknownModel(spec: string, options: ResolveModelOptions): ConfigError {
  const names = Object.keys(options.models ?? {});
  const configured = names.length
    ? `one of the configured models (${names.join(', ')})`
    : 'a model defined under models: in warden.yaml';
  return new ConfigError(
    `Unknown model "${spec}".`,
    {
      fix: `Write <prefix>:<model id> with a prefix among ${modelPrefixes.join(', ')} (e.g. openai:gpt-4o-mini, ollama:llama3.2), or ${configured}.`,
    },
    'MODEL_UNKNOWN',
  );
}

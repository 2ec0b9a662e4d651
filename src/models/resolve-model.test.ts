import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { startAnthropicTestServer } from '../testing/anthropic-test-server/index.js';
import { type OpenAITestServer, startOpenAITestServer } from '../testing/openai-test-server/index.js';
import type { ModelRequest } from './language-model.js';
import { findPrice } from './pricing.js';
import { type ModelSettings, modelPrices, modelSettingsSchema, resolveModel } from './resolve-model.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function openaiServer(script = [{ text: 'hi' }]): Promise<OpenAITestServer> {
  const server = await startOpenAITestServer({ script });
  closers.push(server.close);
  return server;
}

const ask: ModelRequest = { messages: [{ role: 'user', content: 'Hi' }] };

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveModel', () => {
  it('resolves openai:<id> from the environment and retries through withRetry', async () => {
    const server = await openaiServer();
    server.injectFault({ kind: 'status', status: 500 });
    const delays: number[] = [];
    const model = resolveModel('openai:gpt-4o-mini', {
      env: { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: server.url },
      retry: { sleep: async (ms) => void delays.push(ms), random: () => 0 },
    });
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt-4o-mini' });
    expect((await model.doGenerate(ask)).content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(delays).toEqual([0]);
    expect(server.requests).toHaveLength(2);
    expect(server.httpRequests[0]?.headers.authorization).toBe('Bearer sk-env');
  });

  it('resolves local servers from their env var, keeping ids that contain colons', async () => {
    const server = await openaiServer();
    const model = resolveModel('ollama:qwen2.5:7b', { env: { OLLAMA_BASE_URL: server.url, OPENAI_API_KEY: 'secret' } });
    expect(model).toMatchObject({ provider: 'ollama', modelId: 'qwen2.5:7b' });
    await model.doGenerate(ask);
    expect(server.requests[0]?.model).toBe('qwen2.5:7b');
    expect(server.httpRequests[0]?.headers.authorization).not.toContain('secret');
    for (const prefix of ['lmstudio', 'vllm', 'llamacpp']) {
      expect(resolveModel(`${prefix}:m`, { env: {} }).provider).toBe(prefix);
    }
  });

  it('resolves anthropic:<id> from the environment', async () => {
    const server = await startAnthropicTestServer({ script: [{ text: 'claude here' }] });
    closers.push(server.close);
    const model = resolveModel('anthropic:claude-haiku-4-5', {
      env: { ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_BASE_URL: server.url },
    });
    expect((await model.doGenerate(ask)).content).toEqual([{ type: 'text', text: 'claude here' }]);
    expect(server.requests[0]).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 4096 });
  });

  it('resolves configured names first, with their settings', async () => {
    const server = await openaiServer();
    const models: Record<string, ModelSettings> = {
      fast: {
        provider: 'openai-compatible',
        model: 'tiny',
        baseURL: server.url,
        temperature: 0,
        headers: { 'x-a': 'b' },
        maxRetries: 0,
      },
    };
    const model = resolveModel('fast', { models });
    expect(model).toMatchObject({ provider: 'openai-compatible', modelId: 'tiny' });
    server.injectFault({ kind: 'status', status: 503 });
    await expect(model.doGenerate(ask)).rejects.toMatchObject({ status: 503 });
    await model.doGenerate(ask);
    expect(server.requests[1]).toMatchObject({ model: 'tiny', temperature: 0 });
    expect(server.httpRequests[1]?.headers['x-a']).toBe('b');
  });

  it('rejects an unknown prefix or name, listing prefixes and configured names', () => {
    const models: Record<string, ModelSettings> = { fast: { provider: 'ollama', model: 'x' } };
    const error = configError(() => resolveModel('gemini:pro', { models }));
    expect(error.code).toBe('MODEL_UNKNOWN');
    expect(error.message).toContain('Unknown model "gemini:pro".');
    expect(error.message).toContain('openai, anthropic, ollama, lmstudio, vllm, llamacpp');
    expect(error.message).toContain('configured models (fast)');
    expect(configError(() => resolveModel('openai:')).code).toBe('MODEL_UNKNOWN');
    expect(configError(() => resolveModel('gpt-4o')).fix).toContain('models: in warden.yaml');
  });

  it('says which env var or config key to set for a missing key', () => {
    const fromString = configError(() => resolveModel('openai:gpt-4o', { env: {} }));
    expect(fromString.code).toBe('MODEL_API_KEY_MISSING');
    expect(fromString.message).toContain('Set OPENAI_API_KEY.');
    const models: Record<string, ModelSettings> = { smart: { provider: 'anthropic', model: 'claude-opus-4-5' } };
    const fromConfig = configError(() => resolveModel('smart', { models, env: {} }));
    expect(fromConfig.path).toBe('models.smart.apiKey');
    expect(fromConfig.message).toContain('ANTHROPIC_API_KEY, or models.smart.apiKey');
  });

  it('requires a baseURL for openai-compatible', () => {
    const models: Record<string, ModelSettings> = { local: { provider: 'openai-compatible', model: 'm' } };
    const error = configError(() => resolveModel('local', { models }));
    expect(error.path).toBe('models.local.baseURL');
    expect(error.message).toMatch(/has no baseURL\. Fix: Set baseURL/);
  });
});

describe('modelSettingsSchema', () => {
  it('accepts a full entry and rejects unknown keys, providers and bad URLs', () => {
    const entry = {
      provider: 'openai-compatible',
      model: 'gpt-4o-mini',
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKey: 'k',
      query: { 'api-version': '2024-10-21' },
      timeoutMs: 30_000,
      maxRetries: 2,
      price: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    };
    expect(modelSettingsSchema.parse(entry)).toEqual(entry);
    expect(modelSettingsSchema.safeParse({ ...entry, temprature: 1 }).success).toBe(false);
    expect(modelSettingsSchema.safeParse({ ...entry, provider: 'gemini' }).success).toBe(false);
    expect(modelSettingsSchema.safeParse({ ...entry, baseURL: 'not a url' }).success).toBe(false);
  });

  it('collects configured prices for findPrice', () => {
    const prices = modelPrices({
      local: { provider: 'vllm', model: 'qwen', price: { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
      free: { provider: 'ollama', model: 'llama' },
    });
    expect(prices).toEqual({ 'vllm:qwen': { inputPerMTok: 0.1, outputPerMTok: 0.2 } });
    expect(findPrice(prices, 'vllm', 'qwen')).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.2 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/events.js';
import { createOpenAICompatible } from '../models/openai/index.js';
import { withRetry } from '../models/retry/with-retry.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { type OpenAITestServer, startOpenAITestServer } from '../testing/openai-test-server/index.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

describe('a provider that fails, through the real openai client', () => {
  let server: OpenAITestServer;
  afterEach(() => server?.close());

  it('ends the run as failed with a typed provider error, keeping everything journaled so far', async () => {
    server = await startOpenAITestServer({ script: [{ text: 'never' }] });
    server.injectFault({ kind: 'malformed-json' });
    const store = new MemoryRunStore();
    const model = createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'm' });
    const events: RunEvent[] = [];
    // No retries: the malformed answer is the run's last word.
    const result = await createRuntime({ store, retry: { maxRetries: 0 } }).run(
      defineAgent({ name: 'a', model }),
      'hi',
      {
        onEvent: (event) => events.push(event),
      },
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('PROVIDER_ERROR');
    expect(events.find((event) => event.type === 'model-error')).toBeDefined();
    const stored = await store.readEvents(result.runId);
    expect(stored.map((event) => event.type)).toEqual([
      'run-start',
      'step-start',
      'model-request',
      'model-error',
      'step-end',
      'run-end',
    ]);
    expect((await store.getRun(result.runId))?.status).toBe('failed');
  });

  it('retries a 429 after the time retry-after asks for, then completes', async () => {
    server = await startOpenAITestServer({ script: [{ text: 'fine now' }] });
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after-ms': '40' } });
    const delays: number[] = [];
    const model = withRetry(createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'm' }), {
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const result = await createRuntime().run(defineAgent({ name: 'a', model }), 'hi');
    expect(result.status).toBe('completed');
    expect(result.output).toBe('fine now');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(40);
  });
});

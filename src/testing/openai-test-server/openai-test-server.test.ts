import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { startAnthropicTestServer } from '../anthropic-test-server/index.js';
import { FaultQueue } from './faults.js';
import { type OpenAITestServer, startOpenAITestServer } from './index.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(options: Parameters<typeof startOpenAITestServer>[0]): Promise<OpenAITestServer> {
  const server = await startOpenAITestServer(options);
  closers.push(server.close);
  return server;
}

describe('OpenAI test server', () => {
  it('lists its model and answers unknown routes with 404', async () => {
    const server = await start({ script: [] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['scripted-model']);
    await expect(client.embeddings.create({ model: 'e', input: 'x' })).rejects.toMatchObject({ status: 404 });
    expect(server.httpRequests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /v1/models',
      'POST /v1/embeddings',
    ]);
  });

  it('answers a request for n choices with n choices: asking a plain model n times, usage summed', async () => {
    const server = await start({ script: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'm',
      n: 3,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices.map((choice) => [choice.index, choice.message.content])).toEqual([
      [0, 'one'],
      [1, 'two'],
      [2, 'three'],
    ]);
    expect(server.requests).toHaveLength(1);
    const single = await start({ script: [{ text: 'only' }] });
    const plain = new OpenAI({ baseURL: single.url, apiKey: 'k', maxRetries: 0 });
    const one = await plain.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(one.choices).toHaveLength(1);
  });

  it('turns model errors into HTTP answers: a ProviderError keeps its status and wait', async () => {
    const busy = new ProviderError('Slow down.', { provider: 'sim', status: 429, retryable: true, retryAfterMs: 250 });
    const server = await start({ script: [{ error: busy }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const limited = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(limited).toMatchObject({ status: 429, message: '429 Slow down.' });
    expect(limited.headers.get('retry-after-ms')).toBe('250');
    const exhausted = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(exhausted.status).toBe(500);
    expect(exhausted.message).toMatch(/no scripted response for request #2/);
  });

  it('close() does not wait for hung or keep-alive connections', async () => {
    const server = await startOpenAITestServer({ script: [{ text: 'one' }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    server.injectFault({ kind: 'hang' });
    const hung = client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    await expect.poll(() => server.requests.length).toBe(2);
    await server.close();
    expect(await hung).toBeInstanceOf(OpenAI.APIConnectionError);
    await expect(server.close()).resolves.toBeUndefined();
  });

  it('the Anthropic server lists its model too', async () => {
    const server = await startAnthropicTestServer({ script: [] });
    closers.push(server.close);
    const client = new Anthropic({ baseURL: server.url, apiKey: 'k', maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['scripted-model']);
  });
});

describe('FaultQueue', () => {
  it('plays faults in order, each for its number of requests', () => {
    const queue = new FaultQueue();
    queue.inject({ kind: 'reset' }, { times: 2 });
    queue.inject({ kind: 'hang' });
    expect([queue.take(), queue.take(), queue.take(), queue.take()].map((fault) => fault?.kind)).toEqual([
      'reset',
      'reset',
      'hang',
      undefined,
    ]);
    expect(() => queue.inject({ kind: 'hang' }, { times: 0 })).toThrow(/positive integer/);
  });
});

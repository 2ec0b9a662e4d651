import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../core/clock.js';
import { ProviderError } from '../../core/errors/provider-error.js';
import type { ModelErrorEvent, ModelResponseEvent, RunEvent } from '../../core/events.js';
import type { LanguageModel, ModelStreamPart } from '../../models/language-model.js';
import { abortableSleep, withRetry } from '../../models/retry/with-retry.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import { createScheduler } from '../scheduler/index.js';

const busy = (retryAfterMs?: number) =>
  new ProviderError('p answered HTTP 503.', { provider: 'p', status: 503, retryable: true, retryAfterMs });
const limited = (retryAfterMs: number) =>
  new ProviderError('p answered HTTP 429.', { provider: 'p', status: 429, retryable: true, retryAfterMs });

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const errorsOf = (events: RunEvent[]) =>
  events.filter((event): event is ModelErrorEvent => event.type === 'model-error');
const responseOf = (events: RunEvent[]) =>
  events.find((event): event is ModelResponseEvent => event.type === 'model-response');

describe('kernel retries', () => {
  it('journals every attempt with its number, willRetry and the wait, and the wrapper does not retry again', async () => {
    const inner = new ScriptedModel([{ error: busy() }, { error: busy(1500) }, { text: 'ok' }], { provider: 'p' });
    const wrapperWaits: number[] = [];
    const model = withRetry(inner, { sleep: async (ms) => void wrapperWaits.push(ms), random: () => 0.5 });
    const kernel = recordingSleep();
    const events: RunEvent[] = [];
    const result = await createRuntime({ retry: { ...kernel, random: () => 0.5 } }).run(
      defineAgent({ name: 'a', model }),
      'hi',
      { onEvent: (event) => events.push(event) },
    );
    expect(result.status).toBe('completed');
    expect(inner.used).toBe(3);
    // The kernel saw both failures (the wrapper would have swallowed them) and the wrapper never slept: one loop.
    expect(wrapperWaits).toEqual([]);
    expect(kernel.waits).toEqual([250, 1500]);
    expect(
      errorsOf(events).map(({ attempt, willRetry, waitMs, model }) => ({ attempt, willRetry, waitMs, model })),
    ).toEqual([
      { attempt: 1, willRetry: true, waitMs: 250, model: 'p:scripted-model' },
      { attempt: 2, willRetry: true, waitMs: 1500, model: 'p:scripted-model' },
    ]);
    expect(responseOf(events)).toMatchObject({ attempts: 3 });
  });

  it('gives up after maxRetries with the provider error as it was, the last attempt saying willRetry: false', async () => {
    const last = busy();
    const model = new ScriptedModel([{ error: busy() }, { error: busy() }, { error: last }, { text: 'never' }], {
      provider: 'p',
    });
    const events: RunEvent[] = [];
    const result = await createRuntime({ retry: { ...recordingSleep(), maxRetries: 2 } }).run(
      defineAgent({ name: 'a', model }),
      'hi',
      { onEvent: (event) => events.push(event) },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'PROVIDER_ERROR', message: last.message });
    expect(errorsOf(events).map((event) => [event.attempt, event.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(model.used).toBe(3);
  });

  it('does not retry an error that is not retryable', async () => {
    const denied = new ProviderError('bad key', { provider: 'p', status: 401, retryable: false });
    const model = new ScriptedModel([{ error: denied }, { text: 'never' }]);
    const sleep = recordingSleep();
    const events: RunEvent[] = [];
    const result = await createRuntime({ retry: sleep }).run(defineAgent({ name: 'a', model }), 'hi', {
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe('failed');
    expect(sleep.waits).toEqual([]);
    expect(errorsOf(events)).toMatchObject([{ attempt: 1, willRetry: false }]);
  });

  it('a retry-after longer than the run has left fails at once, saying so, without sleeping past the deadline', async () => {
    const model = new ScriptedModel([{ error: limited(30_000) }, { text: 'never' }], { provider: 'p' });
    const sleep = recordingSleep();
    const events: RunEvent[] = [];
    const result = await createRuntime({ retry: sleep }).run(
      defineAgent({ name: 'a', model, budget: { timeoutMs: 5_000 } }),
      'hi',
      { onEvent: (event) => events.push(event) },
    );
    expect(result.status).toBe('failed');
    expect(sleep.waits).toEqual([]);
    expect(model.used).toBe(1);
    expect(result.error?.code).toBe('PROVIDER_ERROR');
    expect(result.error?.message).toMatch(
      /retry would wait 30000 ms \(retry-after\), but the run has only \d+ ms of its time budget left/,
    );
    expect(result.error?.message).toContain('budget.timeoutMs');
    expect(errorsOf(events)).toMatchObject([{ attempt: 1, willRetry: false }]);
  });

  it('a retry-after beyond maxDelayMs fails now rather than retrying early', async () => {
    const model = new ScriptedModel([{ error: limited(120_000) }, { text: 'never' }], { provider: 'p' });
    const sleep = recordingSleep();
    const result = await createRuntime({ retry: { ...sleep, maxDelayMs: 60_000 } }).run(
      defineAgent({ name: 'a', model }),
      'hi',
    );
    expect(result.status).toBe('failed');
    expect(sleep.waits).toEqual([]);
    expect(result.error?.message).toContain('longer than the kernel waits (retry.maxDelayMs 60000)');
  });

  it('a cancel during the retry wait ends the run as cancelled at once, with no further attempt', async () => {
    const model = new ScriptedModel([{ error: limited(60_000) }, { text: 'never' }], { provider: 'p' });
    const controller = new AbortController();
    const events: RunEvent[] = [];
    let slept = false;
    const sleep = (ms: number, signal?: AbortSignal) => {
      slept = true;
      queueMicrotask(() => controller.abort());
      return abortableSleep(ms, signal);
    };
    const result = await createRuntime({ retry: { sleep } }).run(defineAgent({ name: 'a', model }), 'hi', {
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    expect(slept).toBe(true);
    expect(result.status).toBe('cancelled');
    expect(model.used).toBe(1);
    expect(errorsOf(events)).toMatchObject([{ attempt: 1, willRetry: true, waitMs: 60_000 }]);
    const afterWait = events.slice(events.indexOf(errorsOf(events)[0]!) + 1).map((event) => event.type);
    expect(afterWait).not.toContain('model-error');
    expect(afterWait).not.toContain('model-response');
  });

  it('a 429 storm releases the slot while it waits: the other tenant is served, nobody starves', async () => {
    const scheduler = createScheduler({ providers: { p: { slots: 1 } } });
    const order: string[] = [];
    const during: Array<{ running: number; paused: boolean }> = [];
    const logged = (entry: string, step: ScriptedStep) => () => {
      order.push(entry);
      return step;
    };
    const stormy = (name: string) =>
      new ScriptedModel(
        [
          logged(`${name}:429`, { error: limited(15) }),
          logged(`${name}:429`, { error: limited(15) }),
          logged(`${name}:ok`, { text: name }),
        ],
        { provider: 'p', modelId: name },
      );
    const calm = new ScriptedModel([logged('b:ok', { text: 'b' })], { provider: 'p', modelId: 'b' });
    const sleep = (ms: number, signal?: AbortSignal) => {
      const state = scheduler.state('p');
      during.push({ running: state.running, paused: state.pausedUntil !== undefined });
      return abortableSleep(ms, signal);
    };
    const runtime = createRuntime({ scheduler, retry: { sleep } });
    const storm = ['a1', 'a2', 'a3'].map((name) =>
      runtime.run(defineAgent({ name, model: stormy(name) }), 'go', { principal: { id: name, tenant: 'storm' } }),
    );
    const other = runtime.run(defineAgent({ name: 'b', model: calm }), 'go', {
      principal: { id: 'b', tenant: 'calm' },
    });
    const results = await Promise.all([...storm, other]);
    expect(results.map((result) => result.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // Every wait held no slot, and the provider was paused by the scheduler (retry-after) for everyone.
    expect(during.length).toBe(6);
    expect(during.every((snapshot) => snapshot.running === 0 && snapshot.paused)).toBe(true);
    // The calm tenant's one call is served before the storm's last successful attempt, not after all of it.
    expect(order.indexOf('b:ok')).toBeLessThan(order.lastIndexOf('a3:ok'));
  });

  it('queue time and service time are separate fields of the model events', async () => {
    const clock = createManualClock(1_000);
    const scheduler = createScheduler({ providers: { p: { slots: 1 } }, clock });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = new ScriptedModel([{ text: 'first' }], { provider: 'p', modelId: 'slow' });
    const slowModel = {
      ...slow,
      doGenerate: async (request: Parameters<ScriptedModel['doGenerate']>[0]) => {
        await gate;
        clock.advance(300);
        return slow.doGenerate(request);
      },
      doStream: slow.doStream.bind(slow),
    };
    const quick = new ScriptedModel([{ text: 'second' }], { provider: 'p', modelId: 'fast' });
    const fast = {
      ...quick,
      doGenerate: async (request: Parameters<ScriptedModel['doGenerate']>[0]) => {
        // After the first call's response is journaled, which the clock must not see this call's time in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        clock.advance(40);
        return quick.doGenerate(request);
      },
      doStream: quick.doStream.bind(quick),
    };
    const runtime = createRuntime({ scheduler, clock });
    const events: RunEvent[] = [];
    const onEvent = (event: RunEvent) => events.push(event);
    const first = runtime.run(defineAgent({ name: 'slow', model: slowModel }), 'go', { onEvent });
    const second = runtime.run(defineAgent({ name: 'fast', model: fast }), 'go', { onEvent });
    await new Promise<void>((resolve) => {
      const check = () => (scheduler.state('p').queued === 1 ? resolve() : setImmediate(check));
      check();
    });
    release();
    await Promise.all([first, second]);
    const responses = events.filter((event): event is ModelResponseEvent => event.type === 'model-response');
    const byText = (text: string) =>
      responses.find((event) => event.content.some((part) => part.type === 'text' && part.text === text));
    expect(byText('first')).toMatchObject({ durationMs: 300 });
    expect(byText('first')?.queueMs).toBeUndefined();
    expect(byText('second')).toMatchObject({ queueMs: 300, durationMs: 40 });
  });

  it('a model configured with maxRetries: 0 (withRetry) is not retried by the kernel either', async () => {
    const model = withRetry(new ScriptedModel([{ error: busy() }, { text: 'never' }], { provider: 'p' }), {
      maxRetries: 0,
    });
    const sleep = recordingSleep();
    const result = await createRuntime({ retry: sleep }).run(defineAgent({ name: 'a', model }), 'hi');
    expect(result.status).toBe('failed');
    expect(sleep.waits).toEqual([]);
  });

  it('retries a stream that fails before its first part, not one that already streamed text', async () => {
    let opened = 0;
    const flaky: LanguageModel = {
      specificationVersion: 'warden-1',
      provider: 'p',
      modelId: 'streamer',
      doGenerate: () => Promise.reject(new Error('unused')),
      doStream: async () => {
        opened += 1;
        const parts: ModelStreamPart[] =
          opened === 1
            ? [{ type: 'error', error: busy() }]
            : [
                { type: 'text-delta', delta: 'half an answer' },
                { type: 'error', error: busy() },
              ];
        return new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        });
      },
    };
    const events: RunEvent[] = [];
    const result = await createRuntime({ retry: recordingSleep() }).run(
      defineAgent({ name: 'a', model: flaky }),
      'hi',
      {
        stream: true,
        onEvent: (event) => events.push(event),
      },
    );
    expect(result.status).toBe('failed');
    expect(opened).toBe(2);
    expect(errorsOf(events).map((event) => [event.attempt, event.willRetry])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});

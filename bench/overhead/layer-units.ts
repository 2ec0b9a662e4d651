/**
 * The units the layers bench times (`measure-layers.ts`), each one 10-step run's worth of one layer's work.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import type { RunEvent } from '../../src/core/events.js';
import type { Message } from '../../src/core/messages.js';
import type { ModelToolSpec } from '../../src/models/language-model.js';
import { createOpenAICompatible } from '../../src/models/openai/openai-compatible-model.js';
import { fromOpenAICompletion } from '../../src/models/openai/from-openai-response.js';
import { toOpenAIBody } from '../../src/models/openai/to-openai-request.js';
import { createRuntime, defineAgent } from '../../src/runtime/index.js';
import type { RunStore } from '../../src/store/run-store.js';
import { defineTool } from '../../src/tools/define-tool.js';
import { createInstantModel, fakeCompletion } from './instant-model.js';

export const steps = 10;
const prompt = 'Use the add tool on a=1, b=2 repeatedly until told to stop.';

const addSpec: ModelToolSpec = {
  name: 'add',
  description: 'Add two numbers',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
};

/** One run of the scenario through `runtime.run`, on the instant model (no HTTP, no SDK). */
export function wardenRun(store: RunStore) {
  let calls = 0;
  const runtime = createRuntime({ store });
  const agent = defineAgent({
    name: 'adder',
    instructions: 'You add numbers.',
    model: createInstantModel(steps),
    tools: [
      defineTool({
        name: 'add',
        description: 'Add two numbers',
        input: z.object({ a: z.number().describe('first addend'), b: z.number().describe('second addend') }),
        execute: ({ a, b }) => {
          calls++;
          return a + b;
        },
      }),
    ],
  });
  return async () => {
    calls = 0;
    const result = await runtime.run(agent, prompt);
    if (result.text !== 'done' || calls !== steps - 1) throw new Error(`bad run: ${result.status} ${result.text}`);
  };
}

/** The Warden messages of each step of the scenario, and the completion the model answers with. */
function conversation() {
  const messages: Message[] = [
    { role: 'system', content: 'You add numbers.' },
    { role: 'user', content: prompt },
  ];
  const turns: Array<{ messages: Message[]; completion: unknown }> = [];
  for (let step = 0; step < steps; step++) {
    turns.push({ messages: [...messages], completion: fakeCompletion(messages, steps, step) });
    const id = `call_${step}`;
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: id, toolName: 'add', input: { a: 1, b: 2 } }],
    });
    messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: id, toolName: 'add', output: 3 }] });
  }
  return turns;
}

export function providerMapping() {
  const turns = conversation();
  const tools = [addSpec];
  const defaults = { model: 'fake-model', provider: 'openai', maxTokensField: 'max_tokens' as const };
  return () => {
    for (const turn of turns) {
      toOpenAIBody({ messages: turn.messages, tools }, defaults);
      fromOpenAICompletion(turn.completion, 'openai');
    }
  };
}

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

/**
 * The events of one step of the scenario, seq from `seq` on: what the kernel journals before the tool runs, and
 * after it.
 */
function stepEvents(runId: string, step: number, seq: number): { beforeTool: RunEvent[]; afterTool: RunEvent[] } {
  const event = (init: Record<string, unknown>) => ({ ...init, runId, seq: seq++, time: 1 }) as unknown as RunEvent;
  const syscallId = `${runId}:${2 * step}`;
  const call = { toolCallId: `call_${step}`, toolName: 'add' };
  const beforeTool = [
    event({ type: 'step-start', step }),
    event({ type: 'model-request', syscallId, step, model: 'fake:instant', messageCount: 2 * step, tools: ['add'] }),
    event({
      type: 'model-response',
      syscallId,
      step,
      content: [{ type: 'tool-call', ...call, input: { a: 1, b: 2 } }],
      finishReason: 'tool-calls',
      usage,
      costUsd: 0,
      durationMs: 1,
    }),
    event({ type: 'tool-call', syscallId, ...call, input: { a: 1, b: 2 }, source: 'local' }),
  ];
  const afterTool = [
    event({ type: 'tool-result', syscallId, ...call, output: 3, durationMs: 0 }),
    event({ type: 'step-end', step, usage }),
  ];
  return { beforeTool, afterTool };
}

/** What a step journals, in the kernel's two commits: before the tool runs, and at the step's end. */
export function sqliteAppends(store: RunStore) {
  let run = 0;
  return async () => {
    const runId = `run_${++run}`;
    await store.createRun({ id: runId, agent: 'adder', model: 'fake:instant', input: prompt, createdAt: run });
    for (let step = 1, seq = 0; step <= steps; step++, seq += 6) {
      const { beforeTool, afterTool } = stepEvents(runId, step, seq);
      await store.append(runId, beforeTool);
      await store.append(runId, afterTool);
    }
    await store.updateRun(runId, { status: 'completed', steps, usage, costUsd: 0, endedAt: 2 });
  };
}

/**
 * One run's events as the kernel writes them when every tool is read-only: the record with the first events
 * (durable before the first model call), then the rest with the summary at the end. Two commits a run: the least
 * the journal's promise costs, whatever the kernel does around it.
 */
export function sqliteTwoCommits(store: RunStore) {
  let run = 0;
  return async () => {
    const runId = `run_${++run}`;
    const start = { type: 'run-start', agent: 'adder', input: prompt, model: 'fake:instant', strategy: 'react' };
    const events = [{ ...start, tools: ['add'], runId, seq: 0, time: 1 } as unknown as RunEvent];
    for (let step = 1; step <= steps; step++) {
      const { beforeTool, afterTool } = stepEvents(runId, step, events.length);
      events.push(...beforeTool, ...afterTool);
    }
    const create = { id: runId, agent: 'adder', model: 'fake:instant', input: prompt, createdAt: run };
    await store.append(runId, events.slice(0, 3), { create, now: true });
    const patch = { status: 'completed' as const, steps, usage, costUsd: 0, endedAt: 2 };
    await store.append(runId, events.slice(3), { patch });
  };
}

/**
 * A `fetch` that answers chat completions in process, as the fake server does: the SDK and the adapter run their
 * whole request and response path (headers, body, parsing) with no socket.
 */
function inProcessFetch(): typeof fetch {
  let seq = 0;
  return async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { messages: Array<{ role: string }> };
    const completion = fakeCompletion(body.messages, steps, ++seq);
    return new Response(JSON.stringify(completion), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** The floor's work without HTTP: a hand-written loop on the `openai` SDK over the in-process fetch. */
export function sdkLoop() {
  const client = new OpenAI({
    baseURL: 'http://127.0.0.1:1/v1',
    apiKey: 'sk-fake',
    maxRetries: 0,
    fetch: inProcessFetch(),
  });
  const tools = [
    {
      type: 'function' as const,
      function: { name: 'add', description: 'Add two numbers', parameters: addSpec.inputSchema },
    },
  ];
  return async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You add numbers.' },
      { role: 'user', content: prompt },
    ];
    for (let step = 0; step < steps; step++) {
      const message = (await client.chat.completions.create({ model: 'fake-model', messages, tools })).choices[0]!
        .message;
      messages.push(message);
      for (const call of message.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: '3' });
    }
  };
}

/** The same conversation through Warden's OpenAI adapter (`doGenerate`) over the same SDK and fetch. */
export function adapterLoop() {
  const model = createOpenAICompatible({
    baseURL: 'http://127.0.0.1:1/v1',
    apiKey: 'sk-fake',
    model: 'fake-model',
    fetch: inProcessFetch(),
  });
  return async () => {
    const messages: Message[] = [
      { role: 'system', content: 'You add numbers.' },
      { role: 'user', content: prompt },
    ];
    for (let step = 0; step < steps; step++) {
      const response = await model.doGenerate({
        messages: messages.slice(),
        tools: [addSpec],
        abortSignal: new AbortController().signal,
      });
      for (const part of response.content) {
        if (part.type !== 'tool-call') continue;
        const call = { toolCallId: part.toolCallId, toolName: part.toolName };
        messages.push({ role: 'assistant', content: [{ type: 'tool-call', ...call, input: { a: 1, b: 2 } }] });
        messages.push({ role: 'tool', content: [{ type: 'tool-result', ...call, output: 3 }] });
      }
    }
  };
}

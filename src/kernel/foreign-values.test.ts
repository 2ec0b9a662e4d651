import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WardenError } from '../core/errors/warden-error.js';
import type { LanguageModel, ModelResponse } from '../models/language-model.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import type { RunStore } from '../store/run-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';

/**
 * What foreign code hands the kernel — a tool's output or throw, a model's answer or throw, a strategy's result —
 * may be anything: a symbol, a function, a cycle, a BigInt, a Proxy whose every read throws. Whatever it is, the
 * run ends with a status, `run()` resolves, the process stays up, and the store holds the same status and a log
 * that ends in `run-end`, on every store.
 */
const directory = mkdtempSync(join(tmpdir(), 'warden-foreign-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const stores: Array<[string, () => RunStore]> = [
  ['memory', () => new MemoryRunStore()],
  ['sqlite', () => createSqliteStore({ path: join(directory, `${files++}.db`) })],
];

const unreadable = () =>
  new Proxy(new Error('x'), {
    get() {
      throw new Error('every read throws');
    },
  });
const cycle = () => {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value;
};
const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
const answer = (content: unknown): ModelResponse => ({ content, finishReason: 'stop', usage }) as ModelResponse;

async function runAndCheck(store: RunStore, agent: Parameters<ReturnType<typeof createRuntime>['run']>[0]) {
  try {
    const result = await createRuntime({ store }).run(agent, 'go');
    const record = await store.getRun(result.runId);
    const log = await store.readEvents(result.runId);
    expect(record?.status).toBe(result.status);
    expect(log.at(-1)?.type).toBe('run-end');
    return result;
  } finally {
    await store.close();
  }
}

const toolOutputs: Record<string, () => unknown> = {
  'returns a symbol': () => Symbol('s'),
  'returns a function': () => () => 1,
  'returns a function inside an object': () => ({ keep: 1, drop: () => 1 }),
  'returns a Proxy whose keys throw': () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    ),
  'returns an object whose getter throws': () => ({
    get x() {
      throw new Error('no x');
    },
  }),
  'returns an object whose then getter throws': () => ({
    // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point
    get then() {
      throw new Error('no then');
    },
  }),
  'returns a Date, a Map and NaN': () => ({ when: new Date(0), map: new Map([[1, 2]]), nan: Number.NaN }),
};
const toolThrows: Record<string, () => unknown> = {
  'throws an unreadable Proxy': () => {
    throw unreadable();
  },
  'throws an object whose toString throws': () => {
    throw {
      toString() {
        throw new Error('no text');
      },
    };
  },
  'throws null': () => {
    throw null;
  },
  'throws a WardenError whose data has a BigInt and a cycle': () => {
    throw new WardenError({ code: 'X', fault: 'user', message: 'bad data', data: { big: 1n, cycle: cycle() } });
  },
};

describe.each(stores)('foreign values, %s store', (_kind, makeStore) => {
  for (const [what, execute] of Object.entries({ ...toolOutputs, ...toolThrows })) {
    it(`a tool that ${what}: the run goes on`, async () => {
      const tool = defineTool({ name: 'weird', description: 'weird', input: z.object({}), execute });
      const model = new ScriptedModel([{ toolCalls: [{ name: 'weird', input: {} }] }, { text: 'done' }]);
      const result = await runAndCheck(makeStore(), defineAgent({ name: 'a', model, tools: [tool] }));
      expect(result.status).toBe('completed');
      expect(model.requests).toHaveLength(2); // the model read the result, whatever it was
    });
  }

  it('a tool with an output schema that returns a Proxy whose reads throw: the model reads a tool error', async () => {
    const tool = defineTool({
      name: 'weird',
      description: 'weird',
      input: z.object({}),
      output: z.object({ x: z.number() }),
      execute: () => unreadable() as never,
    });
    const model = new ScriptedModel([{ toolCalls: [{ name: 'weird', input: {} }] }, { text: 'done' }]);
    const result = await runAndCheck(makeStore(), defineAgent({ name: 'a', model, tools: [tool] }));
    expect(result.status).toBe('completed');
    expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toContain('"isError":true');
  });

  it('what the model read is what the log holds: the JSON form of a Date, a Map and NaN', async () => {
    const store = makeStore();
    const tool = defineTool({
      name: 'weird',
      description: 'weird',
      input: z.object({}),
      execute: toolOutputs['returns a Date, a Map and NaN']!,
    });
    const model = new ScriptedModel([{ toolCalls: [{ name: 'weird', input: {} }] }, { text: 'done' }]);
    const result = await createRuntime({ store }).run(defineAgent({ name: 'a', model, tools: [tool] }), 'go');
    const stored = (await store.readEvents(result.runId)).find((event) => event.type === 'tool-result');
    const seen = model.requests[1]!.messages.at(-1);
    expect(stored).toMatchObject({ output: { when: '1970-01-01T00:00:00.000Z', map: {}, nan: null } });
    expect(JSON.stringify(seen)).toContain('1970-01-01T00:00:00.000Z');
    await store.close();
  });

  const models: Record<string, () => unknown> = {
    'throws an unreadable Proxy': () => Promise.reject(unreadable()),
    'answers 42': () => Promise.resolve(42),
    'answers null': () => Promise.resolve(null),
    'answers content that is not an array': () => Promise.resolve(answer('hi')),
    'answers a part of an unknown type': () => Promise.resolve(answer([{ type: 'image', data: 1n }])),
    'answers text that is not a string': () => Promise.resolve(answer([{ type: 'text', text: 5n }])),
    'answers a part whose getter throws': () =>
      Promise.resolve(
        answer([
          {
            type: 'text',
            get text() {
              throw new Error('no text');
            },
          },
        ]),
      ),
  };
  for (const [what, doGenerate] of Object.entries(models)) {
    it(`a model that ${what}: the run fails with a typed error`, async () => {
      const model = {
        specificationVersion: 'warden-1',
        provider: 'fake',
        modelId: 'hostile',
        doGenerate,
      } as unknown as LanguageModel;
      const result = await runAndCheck(makeStore(), defineAgent({ name: 'a', model }));
      expect(result.status).toBe('failed');
      expect(result.error?.code).toMatch(/^(UNREADABLE_THROW|MODEL_RESPONSE_INVALID)$/);
    });
  }

  const strategies: Record<string, Strategy['run']> = {
    'returns a BigInt output': async () => ({ text: 'x', output: 10n }),
    'returns a cyclic output': async () => ({ text: 'x', output: cycle() }),
    'returns null': async () => null as never,
    'throws an unreadable Proxy': async () => {
      throw unreadable();
    },
  };
  for (const [what, run] of Object.entries(strategies)) {
    it(`a strategy that ${what}: the run ends and its record is stored`, async () => {
      const model = new ScriptedModel([{ text: 'x' }]);
      const result = await runAndCheck(makeStore(), defineAgent({ name: 'a', model, strategy: { name: 'odd', run } }));
      expect(result.status).toBe(what.startsWith('returns a') ? 'completed' : 'failed');
    });
  }
});

import { type } from 'arktype';
import * as v from 'valibot';
import { toJsonSchema, toStandardJsonSchema } from '@valibot/to-json-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod3';
import { SchemaError } from '../core/errors/schema-error.js';
import { createCounterIds } from '../core/ids.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from './define-tool.js';
import { withJsonSchema } from './schema-adapter.js';

const cityJsonSchema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

const weather = (input: Parameters<typeof defineTool>[0]['input'], extra: { jsonSchema?: object } = {}) =>
  defineTool({ name: 'get_weather', description: 'Weather', input, execute: () => 'sunny', ...extra });

function thrown(fn: () => unknown): SchemaError {
  try {
    fn();
  } catch (error) {
    if (SchemaError.isInstance(error)) return error as SchemaError;
    throw error;
  }
  throw new Error('expected a SchemaError');
}

describe('defineTool with any Standard Schema', () => {
  it.each([
    ['zod 4', z.object({ city: z.string() })],
    ['zod 3', z3.object({ city: z3.string() })],
    ['arktype', type({ city: 'string' })],
    ['valibot through toStandardJsonSchema', toStandardJsonSchema(v.object({ city: v.string() }))],
  ])('%s: the model sees its JSON Schema and the library validates', (_name, schema) => {
    const tool = weather(schema);
    expect(tool.inputSchema).toMatchObject(cityJsonSchema);
    expect(tool.inputSchema).not.toHaveProperty('$schema');
    expect(tool.parseInput({ city: 'Lisbon' })).toEqual({ success: true, value: { city: 'Lisbon' } });
    const failed = tool.parseInput({ city: 42 });
    expect(failed.success).toBe(false);
    if (!failed.success) expect(failed.issues.map((issue) => issue.path)).toEqual([['city']]);
  });

  it('zod 3: transforms run, the model sees the input side, and issue codes are kept', () => {
    const tool = defineTool({
      name: 'count',
      description: 'Count',
      input: z3.object({ n: z3.string().transform((text) => Number(text)) }),
      execute: ({ n }) => n * 2,
    });
    expect(tool.inputSchema).toMatchObject({ properties: { n: { type: 'string' } } });
    expect(tool.parseInput({ n: '21' })).toEqual({ success: true, value: { n: 21 } });
    const failed = tool.parseInput({});
    expect(failed).toMatchObject({ success: false, issues: [{ path: ['n'], code: 'invalid_type' }] });
  });

  it('valibot without a converter: a typed error that says how to pass the JSON Schema', () => {
    const error = thrown(() => weather(v.object({ city: v.string() })));
    expect(error).toMatchObject({ code: 'SCHEMA_UNSUPPORTED', problem: 'no-json-schema', vendor: 'valibot' });
    expect(error.message).toContain('tool "get_weather" input');
    expect(error.message).toContain('jsonSchema');
  });

  it('valibot with an explicit jsonSchema: shown to the model, validated by valibot', () => {
    const schema = v.object({ city: v.pipe(v.string(), v.minLength(2)) });
    const tool = weather(schema, { jsonSchema: toJsonSchema(schema) });
    expect(tool.inputSchema).toMatchObject(cityJsonSchema);
    expect(tool.parseInput({ city: 'L' }).success).toBe(false);
    expect(tool.parseInput({ city: 'Lisbon' }).success).toBe(true);
  });

  it('an asynchronous schema fails with a typed error on use, not with a silent pass', () => {
    const tool = weather(z.object({ city: z.string() }).refine(async () => true));
    expect(thrown(() => tool.parseInput({ city: 'Lisbon' }))).toMatchObject({ problem: 'async-validation' });
  });

  it('a converter that throws becomes a typed error naming the schema', () => {
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'homemade',
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: () => {
            throw new Error('cannot express a Date');
          },
          output: () => ({}),
        },
      },
    };
    const error = thrown(() => weather(schema));
    expect(error).toMatchObject({ problem: 'json-schema-failed', vendor: 'homemade' });
    expect(error.message).toContain('cannot express a Date');
  });

  it('a validator object without Standard Schema is refused, not taken for a JSON Schema', () => {
    const legacy = { _def: { typeName: 'ZodObject' }, safeParse: () => ({ success: true }) };
    expect(thrown(() => weather(legacy))).toMatchObject({ problem: 'not-a-schema' });
  });

  it('types: execute gets what the schema produces, for zod 3 and valibot alike', () => {
    defineTool({
      name: 'typed',
      description: 'Typed',
      input: z3.object({ n: z3.string().transform(Number) }),
      execute: ({ n }) => n.toFixed(1),
    });
    defineTool({
      name: 'typed_valibot',
      description: 'Typed',
      input: v.object({ n: v.number() }),
      jsonSchema: { type: 'object', properties: { n: { type: 'number' } } },
      // @ts-expect-error n is a number, not a string
      execute: ({ n }) => n.toUpperCase(),
    });
  });
});

describe('defineAgent output with a Standard Schema', () => {
  it('a valibot output (through withJsonSchema) is typed, shown to the model as JSON Schema and validated, with one repair', async () => {
    const output = v.object({ city: v.string(), celsius: v.number() });
    const model = new ScriptedModel([{ text: '{"city": "Lisbon"}' }, { text: '{"city": "Lisbon", "celsius": 21}' }]);
    const agent = defineAgent({ name: 'weather', model, output: withJsonSchema(output, toJsonSchema(output)) });
    const runtime = createRuntime({ store: new MemoryRunStore(), ids: createCounterIds() });
    const result = await runtime.run(agent, 'Weather in Lisbon?');
    expect(result.status).toBe('completed');
    const celsius: number | undefined = result.output?.celsius;
    expect(celsius).toBe(21);
    const instructions = model.requests[0]?.messages.map((message) => message.content).join('\n');
    expect(instructions).toContain('"required":["city","celsius"]');
    expect(JSON.stringify(model.requests[1]?.messages)).toContain('celsius');
    model.assertAllUsed();
  });

  it('an output schema that gives no JSON Schema fails when the agent is defined', () => {
    const model = new ScriptedModel([]);
    expect(thrown(() => defineAgent({ name: 'weather', model, output: v.object({ city: v.string() }) }))).toMatchObject(
      { subject: 'agent "weather" output', problem: 'no-json-schema' },
    );
  });
});

import { createRequire } from 'node:module';
import { z } from 'zod';
import { SchemaError } from '../core/errors/schema-error.js';
import type { JsonSchema } from '../core/json.js';
import type { StandardJSONSchemaV1, StandardSchemaV1 } from '../core/standard-schema.js';

const require = createRequire(import.meta.url);

const isZod4 = (schema: object): schema is z.ZodType => '_zod' in schema;
const isZod3 = (schema: StandardSchemaV1): boolean =>
  schema['~standard'].vendor === 'zod' && !('_zod' in schema) && '_def' in schema;

/**
 * The JSON Schema a model is shown for a Standard Schema, from the first of: the library's own Standard JSON
 * Schema converter (zod ≥ 4.2, arktype, valibot through `toStandardJsonSchema`), zod 4's `z.toJSONSchema`
 * (older zod 4), or `zod-to-json-schema` (zod 3). Any other library needs an explicit JSON Schema.
 * @throws {SchemaError} when none applies or the conversion fails.
 */
export function standardToJsonSchema(schema: StandardSchemaV1, subject: string): JsonSchema {
  const vendor = schema['~standard'].vendor;
  let json: Record<string, unknown>;
  try {
    const converter = schema['~standard'].jsonSchema;
    if (converter && typeof converter.input === 'function') json = convert(converter);
    else if (isZod4(schema)) json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    else if (isZod3(schema)) json = zod3ToJsonSchema(schema);
    else {
      throw new SchemaError(
        `The ${vendor} schema of ${subject} cannot be shown to the model: ${vendor} gives no JSON Schema (Standard JSON Schema). ` +
          'Fix: pass the JSON Schema yourself (defineTool({ ..., jsonSchema }) or withJsonSchema(schema, jsonSchema)), ' +
          "e.g. from valibot's toJsonSchema (@valibot/to-json-schema), or wrap a valibot schema in toStandardJsonSchema.",
        { subject, problem: 'no-json-schema', vendor },
      );
    }
  } catch (error) {
    if (SchemaError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SchemaError(
      `The ${vendor} schema of ${subject} could not be converted to JSON Schema (${reason}). ` +
        'Fix: use only types JSON Schema can express (no functions, symbols or transforms on the input), or pass the JSON Schema yourself with the jsonSchema option.',
      { subject, problem: 'json-schema-failed', vendor },
      error,
    );
  }
  const { $schema: _ignored, ...jsonSchema } = json;
  return jsonSchema;
}

/** Draft 2020-12 (what zod 4 produced before), else draft-07 for libraries that only do that one. */
function convert(converter: StandardJSONSchemaV1.Converter): Record<string, unknown> {
  const libraryOptions = { unrepresentable: 'any' };
  try {
    return converter.input({ target: 'draft-2020-12', libraryOptions });
  } catch (first) {
    try {
      return converter.input({ target: 'draft-07', libraryOptions });
    } catch {
      throw first;
    }
  }
}

function zod3ToJsonSchema(schema: StandardSchemaV1): Record<string, unknown> {
  const { zodToJsonSchema } = require('zod-to-json-schema') as typeof import('zod-to-json-schema');
  return zodToJsonSchema(schema as never, {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    effectStrategy: 'input',
    pipeStrategy: 'input',
  }) as Record<string, unknown>;
}

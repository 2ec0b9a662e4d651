import { z } from 'zod';
import type { ValidationIssue } from '../core/errors/tool-errors.js';
import type { JsonSchema } from '../core/json.js';
import { compileJsonSchema } from './json-schema-validator.js';
import type { ParseResult } from './tool.js';

/** A zod 4 schema or a JSON Schema document. */
export type Schema = z.ZodType | JsonSchema;

/** A schema as the model sees it (JSON Schema) and as Warden checks values against it. */
export interface SchemaAdapter {
  jsonSchema: JsonSchema;
  parse: (value: unknown) => ParseResult<any>;
}

function isZod(schema: Schema): schema is z.ZodType {
  return typeof (schema as { safeParse?: unknown }).safeParse === 'function' && '_zod' in schema;
}

/** Adapts a zod schema or a JSON Schema to one validation interface. */
export function schemaAdapter(schema: Schema): SchemaAdapter {
  if (isZod(schema)) {
    const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    return {
      jsonSchema,
      parse: (value) => {
        const result = schema.safeParse(value);
        if (result.success) return { success: true, value: result.data };
        const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
          path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
          message: issue.message,
          code: issue.code,
        }));
        return { success: false, issues };
      },
    };
  }
  const validate = compileJsonSchema(schema);
  return {
    jsonSchema: schema,
    parse: (value) => {
      const issues = validate(value);
      return issues.length === 0 ? { success: true, value } : { success: false, issues };
    },
  };
}

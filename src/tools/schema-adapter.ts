import { SchemaError } from '../core/errors/schema-error.js';
import type { ValidationIssue } from '../core/errors/tool-errors.js';
import type { JsonSchema } from '../core/json.js';
import { isStandardSchema, type StandardSchemaV1 } from '../core/standard-schema.js';
import { compileJsonSchema } from './json-schema-validator.js';
import { standardToJsonSchema } from './to-json-schema.js';
import type { ParseResult } from './tool.js';

/** Any Standard Schema (zod 3.24+ and 4, valibot, arktype, …) or a JSON Schema document. */
export type Schema = StandardSchemaV1 | JsonSchema;

/** The type a value has after `schema` accepted it (`any` for a JSON Schema). */
export type SchemaOutput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : any;

/** The type a value must have for `schema` to accept it (`any` for a JSON Schema). */
export type SchemaInput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : any;

/** A schema as the model sees it (JSON Schema) and as Warden checks values against it. */
export interface SchemaAdapter {
  jsonSchema: JsonSchema;
  parse: (value: unknown) => ParseResult<any>;
}

export interface SchemaAdapterOptions {
  /**
   * The JSON Schema the model sees, for a Standard Schema that cannot produce one itself. Any object: JSON Schema
   * types of other libraries (`JSONSchema7`, valibot's `toJsonSchema`) have no index signature.
   */
  jsonSchema?: object | undefined;
  /** Named in errors, e.g. `tool "get_weather" input`. @default 'a schema' */
  subject?: string;
}

/**
 * Adapts a Standard Schema or a JSON Schema to one validation interface.
 * @throws {SchemaError} when the schema is neither, or gives no JSON Schema and none was passed.
 */
export function schemaAdapter(schema: Schema, options: SchemaAdapterOptions = {}): SchemaAdapter {
  const subject = options.subject ?? 'a schema';
  if (isStandardSchema(schema)) {
    return {
      jsonSchema: (options.jsonSchema as JsonSchema | undefined) ?? standardToJsonSchema(schema, subject),
      parse: (value) => validateStandard(schema, value, subject),
    };
  }
  if (looksLikeSchemaObject(schema)) {
    throw new SchemaError(
      `The schema of ${subject} is a validator object that does not implement Standard Schema v1. ` +
        'Fix: upgrade the library (zod ≥ 3.24, valibot ≥ 1.0, arktype ≥ 2.0), or pass a JSON Schema object.',
      { subject, problem: 'not-a-schema' },
    );
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

/** Pairs a Standard Schema with the JSON Schema the model sees, for libraries that cannot convert themselves. */
export function withJsonSchema<S extends StandardSchemaV1>(
  schema: S,
  jsonSchema: object,
): StandardSchemaV1<StandardSchemaV1.InferInput<S>, StandardSchemaV1.InferOutput<S>> {
  const props = schema['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: props.vendor,
      validate: (value, options) => props.validate(value, options),
      jsonSchema: { input: () => ({ ...jsonSchema }), output: () => ({ ...jsonSchema }) },
    },
  };
}

function validateStandard(schema: StandardSchemaV1, value: unknown, subject: string): ParseResult<unknown> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    result.catch(() => {});
    throw new SchemaError(
      `The schema of ${subject} validates asynchronously (an async refine or transform): Warden validates tool input and output synchronously. Fix: make the schema synchronous, and do asynchronous checks in execute.`,
      { subject, problem: 'async-validation', vendor: schema['~standard'].vendor },
    );
  }
  if (!result.issues) return { success: true, value: result.value };
  return { success: false, issues: result.issues.map(toValidationIssue) };
}

function toValidationIssue(issue: StandardSchemaV1.Issue): ValidationIssue {
  const path = Array.from(issue.path ?? [], (segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'symbol' ? String(key) : key;
  });
  const code = (issue as { code?: unknown }).code;
  return { path, message: issue.message, ...(typeof code === 'string' && { code }) };
}

function looksLikeSchemaObject(schema: object): boolean {
  const candidate = schema as { safeParse?: unknown; parse?: unknown; _def?: unknown };
  return typeof candidate.safeParse === 'function' || typeof candidate.parse === 'function' || '_def' in schema;
}

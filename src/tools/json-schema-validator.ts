import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidationIssue } from '../core/errors/tool-errors.js';
import type { JsonSchema } from '../core/json.js';

let ajv: Ajv | undefined;

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, logger: false });
    addFormats.default(ajv);
  }
  return ajv;
}

/** Compiles a JSON Schema once into a function that returns validation issues (empty when valid). */
export function compileJsonSchema(schema: JsonSchema): (value: unknown) => ValidationIssue[] {
  let validate: ValidateFunction;
  try {
    validate = instance().compile(schema);
  } catch (error) {
    throw new Error(`Invalid JSON Schema: ${(error as Error).message}`);
  }
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(toIssue));
}

function toIssue(error: ErrorObject): ValidationIssue {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment.replaceAll('~1', '/').replaceAll('~0', '~')));
  if (error.keyword === 'required') path.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  return { path, message: error.message ?? 'is invalid', code: error.keyword };
}

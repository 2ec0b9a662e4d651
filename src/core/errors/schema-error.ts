import { WardenError } from './warden-error.js';

/** Why a schema cannot be used. */
export type SchemaProblem = 'no-json-schema' | 'json-schema-failed' | 'async-validation' | 'not-a-schema';

export interface SchemaErrorData {
  /** What the schema is for, e.g. `tool "get_weather" input` or `agent "weather" output`. */
  subject: string;
  problem: SchemaProblem;
  /** The schema library, from `~standard.vendor` (e.g. `zod`, `valibot`, `arktype`). */
  vendor?: string;
}

/** A schema given to `defineTool` or `defineAgent` that Warden cannot turn into JSON Schema or validate with. */
export class SchemaError extends WardenError {
  readonly subject: string;
  readonly problem: SchemaProblem;
  readonly vendor: string | undefined;

  constructor(message: string, details: SchemaErrorData, cause?: unknown) {
    super({ code: 'SCHEMA_UNSUPPORTED', fault: 'user', message, cause, data: { ...details } });
    this.subject = details.subject;
    this.problem = details.problem;
    this.vendor = details.vendor;
  }
}

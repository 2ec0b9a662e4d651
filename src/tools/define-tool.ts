import { type Schema, type SchemaInput, type SchemaOutput, schemaAdapter } from './schema-adapter.js';
import type { Tool, ToolContext } from './tool.js';

/** What `execute` receives: the value the input schema produced. */
type InferInput<S> = SchemaOutput<S>;
/** What `execute` returns: a value the output schema accepts. */
type InferOutput<S> = SchemaInput<S>;

export interface ToolDefinition<InputSchema extends Schema, OutputSchema extends Schema | undefined> {
  /** Letters, digits, `_` and `-`, at most 64 characters (what every provider accepts). */
  name: string;
  description: string;
  /**
   * The input the model must write: any Standard Schema (zod 3.24+ and 4, valibot, arktype, …) or a JSON Schema
   * object. Warden validates with the schema itself and shows the model its JSON Schema.
   */
  input: InputSchema;
  /**
   * The JSON Schema the model sees, when `input` is a Standard Schema that cannot convert itself (valibot without
   * `toStandardJsonSchema`, or a library with no JSON Schema support). zod and arktype need none.
   */
  jsonSchema?: object;
  /** Optional: the result is validated against it, and a mismatch is reported as a tool error. */
  output?: OutputSchema;
  execute: (
    input: InferInput<InputSchema>,
    context: ToolContext,
  ) =>
    | Promise<OutputSchema extends Schema ? InferOutput<OutputSchema> : unknown>
    | (OutputSchema extends Schema ? InferOutput<OutputSchema> : unknown);
  readOnly?: boolean;
  idempotent?: boolean;
  /** What a resumed run does with a call that may have run (see `Tool.inDoubt`). */
  inDoubt?: Tool['inDoubt'];
  /** @default 30000 */
  timeoutMs?: number;
  labels?: string[];
  source?: string;
}

const toolNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Defines a typed tool.
 * @example
 * const add = defineTool({
 *   name: 'add', description: 'Add two numbers',
 *   input: z.object({ a: z.number(), b: z.number() }),
 *   execute: ({ a, b }) => a + b,
 * });
 */
export function defineTool<InputSchema extends Schema, OutputSchema extends Schema | undefined = undefined>(
  definition: ToolDefinition<InputSchema, OutputSchema>,
): Tool<InferInput<InputSchema>, OutputSchema extends Schema ? InferOutput<OutputSchema> : unknown> {
  if (!toolNamePattern.test(definition.name)) {
    throw new TypeError(
      `Tool name "${definition.name}" is invalid: use 1-64 letters, digits, "_" or "-" (providers reject other names).`,
    );
  }
  const subject = `tool "${definition.name}"`;
  const input = schemaAdapter(definition.input, { jsonSchema: definition.jsonSchema, subject: `${subject} input` });
  const output = definition.output ? schemaAdapter(definition.output, { subject: `${subject} output` }) : undefined;
  const tool: Tool = {
    name: definition.name,
    description: definition.description,
    inputSchema: input.jsonSchema,
    parseInput: input.parse,
    execute: definition.execute as Tool['execute'],
    source: definition.source ?? 'local',
  };
  if (output) tool.parseOutput = output.parse;
  return Object.assign(tool, {
    ...(definition.readOnly !== undefined && { readOnly: definition.readOnly }),
    ...(definition.idempotent !== undefined && { idempotent: definition.idempotent }),
    ...(definition.inDoubt !== undefined && { inDoubt: definition.inDoubt }),
    ...(definition.timeoutMs !== undefined && { timeoutMs: definition.timeoutMs }),
    ...(definition.labels !== undefined && { labels: definition.labels }),
  });
}

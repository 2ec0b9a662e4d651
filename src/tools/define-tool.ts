import type { z } from 'zod';
import { type Schema, schemaAdapter } from './schema-adapter.js';
import type { Tool, ToolContext } from './tool.js';

type InferInput<S> = S extends z.ZodType ? z.output<S> : any;
type InferOutput<S> = S extends z.ZodType ? z.input<S> : any;

export interface ToolDefinition<InputSchema extends Schema, OutputSchema extends Schema | undefined> {
  /** Letters, digits, `_` and `-`, at most 64 characters (what every provider accepts). */
  name: string;
  description: string;
  /** A zod 4 schema or a JSON Schema object. */
  input: InputSchema;
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
  const input = schemaAdapter(definition.input);
  const output = definition.output ? schemaAdapter(definition.output) : undefined;
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

import type { CallToolResult, Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchema } from '../../core/json.js';
import { compileJsonSchema } from '../json-schema-validator.js';
import type { ParseResult, Tool } from '../tool.js';
import type { ToolHost } from '../tool-host.js';
import { toolOutput } from './tool-result.js';

/** What an MCP-backed tool needs from its connection. */
export interface McpToolBinding {
  server: string;
  /** Calls the tool by its original MCP name; `meta` goes in the request's `_meta`. */
  call: (
    mcpName: string,
    tool: string,
    input: Record<string, unknown>,
    signal: AbortSignal,
    meta?: Record<string, unknown>,
    /** The run around the call, which answers what the server asks during it. */
    host?: ToolHost,
  ) => Promise<CallToolResult>;
  timeoutMs: number;
  /** Whether the server's annotations are believed; otherwise its tools are side-effecting and not idempotent. */
  trusted?: boolean;
  labels?: readonly string[];
}

/**
 * The `_meta` key of a `tools/call` request that carries the call's idempotency key (the syscall id, stable
 * across resumes), so a server can dedupe a call that a resumed run repeats.
 */
export const idempotencyMetaKey = 'warden/idempotencyKey';

/** Wraps one tool from `tools/list` as a Warden tool named `name`. */
export function createMcpTool(definition: McpToolDefinition, name: string, binding: McpToolBinding): Tool {
  const { $schema: _dialect, ...inputSchema } = definition.inputSchema as JsonSchema;
  // A server can claim anything about its tools; only a server the user trusts earns read-only allowances.
  const hints = binding.trusted ? (definition.annotations ?? {}) : { readOnlyHint: false, idempotentHint: false };
  const tool: Tool<Record<string, unknown>> = {
    name,
    description:
      definition.description ?? definition.title ?? `Tool "${definition.name}" of MCP server "${binding.server}".`,
    inputSchema,
    parseInput: inputParser(inputSchema),
    execute: async (input, context) =>
      toolOutput(
        await binding.call(
          definition.name,
          name,
          input,
          context.host ? AbortSignal.any([context.abortSignal, context.host.signal]) : context.abortSignal,
          context.idempotencyKey === undefined ? undefined : { [idempotencyMetaKey]: context.idempotencyKey },
          context.host,
        ),
        name,
        binding.server,
      ),
    source: `mcp:${binding.server}`,
    timeoutMs: binding.timeoutMs,
  };
  return Object.assign(tool, {
    ...(hints.readOnlyHint !== undefined && { readOnly: hints.readOnlyHint && hints.destructiveHint !== true }),
    ...(hints.idempotentHint !== undefined && { idempotent: hints.idempotentHint }),
    ...(binding.labels !== undefined && { labels: [...binding.labels] }),
  });
}

function inputParser(schema: JsonSchema): (input: unknown) => ParseResult<Record<string, unknown>> {
  let validate: (value: unknown) => ReturnType<ReturnType<typeof compileJsonSchema>>;
  try {
    validate = compileJsonSchema(schema);
  } catch {
    // A schema Ajv cannot compile is still the server's to enforce; check only that arguments are an object.
    validate = () => [];
  }
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { success: false, issues: [{ path: [], message: 'must be an object', code: 'type' }] };
    }
    const issues = validate(input);
    return issues.length ? { success: false, issues } : { success: true, value: input as Record<string, unknown> };
  };
}

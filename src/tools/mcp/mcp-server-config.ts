import { z } from 'zod';

/** A local MCP server, started as a child process and spoken to over stdin/stdout. */
export interface McpStdioServerConfig {
  /** Names the server in tool sources (`mcp:<name>`) and messages. */
  name: string;
  transport: 'stdio';
  /** The executable, e.g. `node` or `/usr/local/bin/my-server`. Not run through a shell. */
  command: string;
  args?: string[];
  /**
   * Extra environment variables. The process otherwise inherits only a safe few
   * (`HOME`, `PATH`, `USER`, …), so secrets in Warden's environment do not leak to servers.
   */
  env?: Record<string, string>;
  /** Working directory. @default the current one */
  cwd?: string;
}

/** A remote MCP server reached over Streamable HTTP. */
export interface McpHttpServerConfig {
  /** Names the server in tool sources (`mcp:<name>`) and messages. */
  name: string;
  transport: 'http';
  /** The server's MCP endpoint, e.g. `https://example.com/mcp`. */
  url: string;
  /** Sent with every request, e.g. `{ Authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
}

/** How to reach one MCP server. */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

const name = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "." (it names the tool source)');
const stringMap = z.record(z.string(), z.string());

const stdioSchema = z.strictObject({
  name,
  transport: z.literal('stdio'),
  command: z.string().min(1, 'must name the executable that starts the server'),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
});

const httpSchema = z.strictObject({
  name,
  transport: z.literal('http'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  headers: stringMap.optional(),
});

function inferTransport(value: unknown, context: { issues: z.core.$ZodRawIssue[] }): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entry = value as Record<string, unknown>;
  if (entry.transport !== undefined) return value;
  const hasCommand = entry.command !== undefined;
  const hasUrl = entry.url !== undefined;
  if (hasCommand === hasUrl) {
    context.issues.push({
      code: 'custom',
      input: value,
      message: hasCommand
        ? 'give either `command` (a local server) or `url` (a remote one), not both'
        : 'give `command` to start a local server or `url` to reach a remote one',
    });
    return value;
  }
  return { ...entry, transport: hasCommand ? 'stdio' : 'http' };
}

/**
 * Validates one MCP server entry of a config file. `transport` may be left out:
 * it is `stdio` when the entry has a `command`, `http` when it has a `url`.
 * Config loaders that key servers by name should pass the key as `name`.
 * @example
 * mcpServerConfigSchema.parse({ name: 'files', command: 'npx', args: ['some-mcp-server', './data'] });
 */
export const mcpServerConfigSchema: z.ZodType<McpServerConfig> = z.preprocess(
  inferTransport,
  z.discriminatedUnion('transport', [stdioSchema, httpSchema]),
);

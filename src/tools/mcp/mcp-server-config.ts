import { z } from 'zod';

/** Settings every MCP server entry may carry, whatever its transport. */
export interface McpCommonServerConfig {
  /** Prepended to every tool name of this server, e.g. `fs_`, to keep it apart from other sources. @default '' */
  prefix?: string;
  /**
   * Whether the server's own tool annotations (`readOnlyHint`, `idempotentHint`, `destructiveHint`) are believed.
   * Untrusted servers' tools are all treated as side-effecting, whatever they declare. @default false
   */
  trusted?: boolean;
}

/** A local MCP server, started as a child process and spoken to over stdin/stdout. */
export interface McpStdioServerConfig extends McpCommonServerConfig {
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
  /**
   * The largest reply (one JSON-RPC message, in bytes) the server may send. A larger one is dropped and its
   * call fails at once with `MCP_RESULT_TOO_LARGE`. @default 10485760 (10 MiB)
   */
  maxResultBytes?: number;
}

/** A remote MCP server reached over Streamable HTTP. */
export interface McpHttpServerConfig extends McpCommonServerConfig {
  /** Names the server in tool sources (`mcp:<name>`) and messages. */
  name: string;
  transport: 'http';
  /** The server's MCP endpoint, e.g. `https://example.com/mcp`. */
  url: string;
  /** Sent with every request, e.g. `{ Authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** OAuth 2.1 as the MCP spec has it; leave out for a server that needs none (or takes a static `headers` token). */
  auth?: McpAuthConfig;
}

/**
 * OAuth for an HTTP server. `authorization_code` (the default) signs a person in with PKCE: the URL is shown
 * (the CLI prints it) and the browser comes back to a loopback listener on 127.0.0.1. `client_credentials`
 * is for machines: with `clientSecret` (HTTP Basic) or `privateKey` (a signed JWT, `private_key_jwt`).
 * Discovery (protected-resource and authorization-server metadata, with the 2025-03-26 fallbacks), client
 * registration, scope selection and step-up, refresh, and the resource indicator check follow the SDK.
 */
export type McpAuthConfig =
  | {
      grant?: 'authorization_code';
      /** A pre-registered client id; otherwise the client registers (metadata document, or dynamic registration). */
      clientId?: string;
      clientSecret?: string;
      /** An https URL of this client's metadata document, used as the client id where the server supports it. */
      clientMetadataUrl?: string;
      /** Scopes to ask for when the server names none. */
      scope?: string;
      /** The loopback port of the redirect. @default a free port */
      redirectPort?: number;
      /** Where tokens are kept between runs (mode 0600). @default in memory only */
      tokenFile?: string;
    }
  | {
      grant: 'client_credentials';
      clientId: string;
      clientSecret?: string;
      /** A PEM private key: the client authenticates with a signed JWT (`private_key_jwt`) instead of a secret. */
      privateKey?: string;
      /** The JWT signing algorithm. @default 'RS256' */
      algorithm?: string;
      scope?: string;
    };

/** How to reach one MCP server. */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

const name = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "." (it names the tool source)');
const stringMap = z.record(z.string(), z.string());
const common = {
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{0,32}$/, 'must be up to 32 letters, digits, "_", "-" or "."')
    .optional(),
  trusted: z.boolean().optional(),
};

/** Default of `maxResultBytes`: the SDK's own stdio limit. */
export const defaultMaxResultBytes = 10 * 1024 * 1024;

const stdioSchema = z.strictObject({
  name,
  transport: z.literal('stdio'),
  command: z.string().min(1, 'must name the executable that starts the server'),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  maxResultBytes: z.number().int().min(1024, 'must be at least 1024 bytes').optional(),
  ...common,
});

const authSchema = z.union([
  z.strictObject({
    grant: z.literal('authorization_code').optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    clientMetadataUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
    scope: z.string().min(1).optional(),
    redirectPort: z.number().int().min(0).max(65_535).optional(),
    tokenFile: z.string().min(1).optional(),
  }),
  z
    .strictObject({
      grant: z.literal('client_credentials'),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
      privateKey: z.string().min(1).optional(),
      algorithm: z.string().min(1).optional(),
      scope: z.string().min(1).optional(),
    })
    .refine((auth) => (auth.clientSecret === undefined) !== (auth.privateKey === undefined), {
      message: 'give either `clientSecret` or `privateKey` for client_credentials',
    }),
]);

const httpSchema = z.strictObject({
  name,
  transport: z.literal('http'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  headers: stringMap.optional(),
  auth: authSchema.optional(),
  ...common,
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

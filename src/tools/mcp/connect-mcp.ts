import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientConnection } from './_connection.js';
import { connectFailure } from './_connect-failure.js';
import { ProcessTransport } from './_process-transport.js';
import { defaultMaxResultBytes } from './mcp-server-config.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpConnection } from './mcp-connection.js';
import type { McpServerConfig } from './mcp-server-config.js';

/** How {@link connectMcp} connects and how the resulting tools behave. */
export interface McpConnectOptions {
  /** Abandon a tool call (and cancel it on the server) after this long; also each tool's `timeoutMs`. @default 60000 */
  timeoutMs?: number;
  /** Abandon starting up (spawn or request, and the `initialize` handshake) after this long. @default 20000 */
  connectTimeoutMs?: number;
  /** Prepended to every tool name, e.g. `files_`, to keep servers apart. @default the config's `prefix`, else '' */
  prefix?: string;
  /** Believe the server's tool annotations (`readOnlyHint`, `idempotentHint`). @default the config's `trusted`, else false */
  trusted?: boolean;
  /** Labels every tool of this server carries, e.g. `['untrusted']`. */
  labels?: readonly string[];
  /** The `clientInfo.name` sent to the server. @default 'warden' */
  clientName?: string;
  /** The `clientInfo.version` sent to the server. @default '0.1.0' */
  clientVersion?: string;
  /** Receives what a stdio server writes to stderr; otherwise only its last lines are kept, for error messages. */
  onStderr?: (text: string) => void;
  /** Cancels connecting. */
  signal?: AbortSignal;
}

/**
 * Starts or reaches an MCP server, completes the handshake, and returns a connection
 * whose tools are Warden tools. Throws {@link McpError} `MCP_CONNECT_FAILED` with the
 * command or URL, exit code and stderr tail when the server cannot be used.
 * @example
 * const files = await connectMcp({ name: 'files', transport: 'stdio', command: 'mcp-server-filesystem', args: ['./data'] });
 * const tools = await files.tools();
 * // … run the agent …
 * await files.close();
 */
export async function connectMcp(config: McpServerConfig, options: McpConnectOptions = {}): Promise<McpConnection> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
  const { transport, processTransport } = createTransport(config, options.onStderr);
  const client = new Client(
    { name: options.clientName ?? 'warden', version: options.clientVersion ?? '0.1.0' },
    { capabilities: {} },
  );
  try {
    await client.connect(transport, {
      timeout: connectTimeoutMs,
      ...(options.signal && { signal: options.signal }),
    });
  } catch (error) {
    // Described before closing, so a process we stop is not mistaken for one that exited on its own.
    const failure = options.signal?.aborted
      ? options.signal.reason
      : connectFailure(config, processTransport, error, connectTimeoutMs);
    await client.close().catch(() => {});
    throw failure;
  }
  return new ClientConnection(client, config, processTransport, {
    timeoutMs: options.timeoutMs ?? 60_000,
    prefix: options.prefix ?? config.prefix ?? '',
    trusted: options.trusted ?? config.trusted ?? false,
    labels: options.labels,
  });
}

function createTransport(
  config: McpServerConfig,
  onStderr: ((text: string) => void) | undefined,
): { transport: Transport; processTransport: ProcessTransport | undefined } {
  if (config.transport === 'http') {
    const transport = new StreamableHTTPClientTransport(new URL(config.url), {
      requestInit: { headers: config.headers ?? {} },
    });
    return { transport, processTransport: undefined };
  }
  const processTransport = new ProcessTransport({
    command: config.command,
    ...(config.args && { args: config.args }),
    ...(config.env && { env: config.env }),
    ...(config.cwd && { cwd: config.cwd }),
    ...(onStderr && { onStderr }),
    maxResultBytes: config.maxResultBytes ?? defaultMaxResultBytes,
  });
  return { transport: processTransport, processTransport };
}

import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type ConnectionAuth, createAuth } from './auth/create-auth.js';
import type { McpTokenStore } from './auth/token-store.js';
import { ClientConnection } from './_connection.js';
import { connectFailure } from './_connect-failure.js';
import { ProcessTransport } from './_process-transport.js';
import { clientCapabilities, installHandlers, type McpClientHandlers } from './client-handlers.js';
import type { McpConnection } from './mcp-connection.js';
import { endpointData, rootMessage } from './_describe.js';
import { McpError } from './mcp-error.js';
import { runRoutedHandlers } from './run-routing.js';
import { defaultMaxResultBytes, type McpServerConfig } from './mcp-server-config.js';

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
  /** Answers the server's own requests (elicitation, sampling, roots) and hears its progress and logs. */
  handlers?: McpClientHandlers;
  /**
   * Lets the run a tool call belongs to answer what the server asks during it: elicitation (the run's
   * `onElicitation`, else a durable pause), sampling (the agent's model, through the kernel), progress and logs
   * (run events). A handler in `handlers` still answers first. Declares elicitation and sampling. @default true
   */
  serveRuns?: boolean;
  /**
   * Shows a person the URL to sign in at, for a server with `auth` (authorization code flow). The browser then
   * comes back to Warden's loopback listener. Without it such a server fails with `MCP_UNAUTHORIZED`.
   */
  onAuthorizationUrl?: (url: URL, server: string) => void | Promise<void>;
  /** Where OAuth credentials are kept. @default the config's `auth.tokenFile`, else memory (for the process) */
  tokenStore?: McpTokenStore;
  /** How long to wait for the person to sign in. @default 300000 */
  signInTimeoutMs?: number;
  /** Cancels connecting. */
  signal?: AbortSignal;
}

/** Sign-in, code exchange, retry with the new token: a server that asks again after that is refused. */
const maxSignIns = 2;

/**
 * Starts or reaches an MCP server, completes the handshake (signing in first when its `auth` asks for it),
 * and returns a connection whose tools are Warden tools. Throws {@link McpError} `MCP_CONNECT_FAILED`
 * (or `MCP_UNAUTHORIZED`) with the command or URL, exit code and stderr tail when the server cannot be used.
 * @example
 * const files = await connectMcp({ name: 'files', transport: 'stdio', command: 'mcp-server-filesystem', args: ['./data'] });
 * const tools = await files.tools();
 * // … run the agent …
 * await files.close();
 */
export async function connectMcp(config: McpServerConfig, options: McpConnectOptions = {}): Promise<McpConnection> {
  const clientName = options.clientName ?? 'warden';
  const auth =
    config.transport === 'http'
      ? await createAuth(config, {
          clientName,
          ...(options.tokenStore && { tokenStore: options.tokenStore }),
          ...(options.onAuthorizationUrl && { onAuthorizationUrl: options.onAuthorizationUrl }),
        })
      : undefined;
  try {
    for (let signIns = 0; ; signIns += 1) {
      const attempt = await connectOnce(config, options, auth);
      if ('connection' in attempt) return attempt.connection;
      if (!(attempt.needsSignIn && signIns < maxSignIns)) throw attempt.failure;
      await signIn(auth!, attempt.http!, options, config);
    }
  } catch (error) {
    await auth?.redirect?.close();
    throw error;
  }
}

/** Waits for the person to come back from the sign-in page and trades the code for tokens. */
async function signIn(
  auth: ConnectionAuth,
  http: StreamableHTTPClientTransport,
  options: McpConnectOptions,
  config: McpServerConfig,
): Promise<void> {
  auth.interactive!.awaitingRedirect = false;
  let code: string;
  try {
    code = await waitForCode(auth, options);
  } catch (error) {
    throw new McpError(
      'MCP_UNAUTHORIZED',
      `MCP server "${config.name}" needs a sign-in that did not complete (${rootMessage(error)}). Open the sign-in URL again, or raise signInTimeoutMs.`,
      endpointData(config),
      error,
    );
  }
  await http.finishAuth(code);
}

type Attempt =
  | { connection: McpConnection }
  | { failure: unknown; needsSignIn: boolean; http: StreamableHTTPClientTransport | undefined };

async function connectOnce(
  config: McpServerConfig,
  options: McpConnectOptions,
  auth: ConnectionAuth | undefined,
): Promise<Attempt> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
  const { transport, processTransport, http } = createTransport(config, options.onStderr, auth);
  let connection: ClientConnection | undefined;
  const handlers =
    options.serveRuns === false
      ? (options.handlers ?? {})
      : runRoutedHandlers(options.handlers ?? {}, () => connection?.hostOfCall() ?? { none: 'idle' });
  const client = new Client(
    { name: options.clientName ?? 'warden', version: options.clientVersion ?? '0.1.0' },
    { capabilities: clientCapabilities(handlers) },
  );
  installHandlers(client, config.name, handlers, (error) => connection?.handlerFailed(error));
  try {
    await client.connect(transport, {
      timeout: connectTimeoutMs,
      ...(options.signal && { signal: options.signal }),
    });
    if (handlers.logLevel && client.getServerCapabilities()?.logging) {
      await client.setLoggingLevel(handlers.logLevel, { timeout: connectTimeoutMs });
    }
  } catch (error) {
    if (options.signal?.aborted) {
      await client.close().catch(() => {});
      return { failure: options.signal.reason, needsSignIn: false, http };
    }
    const needsSignIn = error instanceof UnauthorizedError && auth?.interactive?.awaitingRedirect === true;
    // Described before closing, so a process we stop is not mistaken for one that exited on its own.
    const failure = connectFailure(config, processTransport, error, connectTimeoutMs);
    await client.close().catch(() => {});
    return { failure, needsSignIn, http };
  }
  connection = new ClientConnection(client, config, processTransport, {
    timeoutMs: options.timeoutMs ?? 60_000,
    prefix: options.prefix ?? config.prefix ?? '',
    trusted: options.trusted ?? config.trusted ?? false,
    labels: options.labels,
    http,
    ...(handlers.onProgress && { onProgress: handlers.onProgress }),
    ...(auth && {
      // A token refused later (expired for good, or a step-up to more scopes) signs the person in again.
      reauthorize: async (error: unknown) => {
        if (!(error instanceof UnauthorizedError && auth.interactive?.awaitingRedirect && http)) return false;
        await signIn(auth, http, options, config);
        return true;
      },
      onClose: () => auth.redirect?.close(),
    }),
  });
  return { connection };
}

async function waitForCode(auth: ConnectionAuth, options: McpConnectOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.signInTimeoutMs ?? 300_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return auth.redirect!.code(auth.interactive!.expectedState, signal);
}

function createTransport(
  config: McpServerConfig,
  onStderr: ((text: string) => void) | undefined,
  auth: ConnectionAuth | undefined,
): { transport: Transport; processTransport: ProcessTransport | undefined; http?: StreamableHTTPClientTransport } {
  if (config.transport === 'http') {
    const http = new StreamableHTTPClientTransport(new URL(config.url), {
      requestInit: { headers: config.headers ?? {} },
      ...(auth && { authProvider: auth.provider }),
    });
    return { transport: http, processTransport: undefined, http };
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

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type ClientCapabilities,
  type CreateMessageRequestParams,
  CreateMessageRequestSchema,
  type CreateMessageResult,
  type ElicitRequestParams,
  ElicitRequestSchema,
  type ElicitResult,
  ListRootsRequestSchema,
  type LoggingLevel,
  LoggingMessageNotificationSchema,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';

/** Which server asks, and a signal that aborts when the server cancels the request or the connection closes. */
export interface McpRequestContext {
  server: string;
  signal: AbortSignal;
}

/** A `notifications/progress` for a running tool call. */
export interface McpProgressEvent {
  server: string;
  /** The Warden tool name. */
  tool: string;
  progress: number;
  total?: number;
  message?: string;
}

/** A `notifications/message` log entry from the server. */
export interface McpLogEvent {
  server: string;
  level: LoggingLevel;
  logger?: string;
  data: unknown;
}

/**
 * How Warden answers what an MCP server asks of its client. Each capability is declared to the server
 * only when its handler is given, so a server never asks for what nobody can answer.
 * The kernel wires these to the agent: sampling through the agent's model (policy and journal),
 * elicitation as a durable pause, progress as run events.
 */
export interface McpClientHandlers {
  /**
   * `elicitation/create`, form mode (`requestedSchema`) or URL mode (`mode: 'url'`, `url`). Return
   * `{ action: 'accept', content }`, `'decline'` or `'cancel'`. In form mode, omitted fields get the schema's defaults.
   * A thrown error is sent to the server, and any tool call running at that moment fails, whatever the server answers.
   */
  onElicitation?: (request: ElicitRequestParams, context: McpRequestContext) => Promise<ElicitResult>;
  /** `sampling/createMessage`: produce the message with a model (the agent's own, through the kernel). */
  onSampling?: (request: CreateMessageRequestParams, context: McpRequestContext) => Promise<CreateMessageResult>;
  /** `roots/list`: the folders (`file://` URIs) the server may work in. */
  roots?: (context: McpRequestContext) => Root[] | Promise<Root[]>;
  /** Progress of a tool call; also keeps a call that reports progress from timing out. */
  onProgress?: (event: McpProgressEvent) => void;
  /** Log entries the server sends. */
  onLog?: (event: McpLogEvent) => void;
  /** Asks the server to send log entries from this level up (`logging/setLevel`), when it supports logging. */
  logLevel?: LoggingLevel;
}

/** The capabilities to declare in `initialize` for these handlers. */
export function clientCapabilities(handlers: McpClientHandlers): ClientCapabilities {
  return {
    ...(handlers.onElicitation && { elicitation: { form: { applyDefaults: true }, url: {} } }),
    ...(handlers.onSampling && { sampling: {} }),
    ...(handlers.roots && { roots: { listChanged: true } }),
  };
}

/**
 * Registers the handlers on an SDK client before it connects. `onFailure` hears of every
 * server request the handlers could not answer, so running tool calls can be failed.
 */
export function installHandlers(
  client: Client,
  server: string,
  handlers: McpClientHandlers,
  onFailure: (error: unknown) => void,
): void {
  const guarded =
    <Params, Result>(handler: (params: Params, context: McpRequestContext) => Promise<Result> | Result) =>
    async (request: { params?: Params }, extra: { signal: AbortSignal }): Promise<Result> => {
      try {
        return await handler(request.params as Params, { server, signal: extra.signal });
      } catch (error) {
        onFailure(error);
        throw error;
      }
    };
  const { onElicitation, onSampling, roots, onLog } = handlers;
  if (onElicitation) client.setRequestHandler(ElicitRequestSchema, guarded(onElicitation));
  if (onSampling) client.setRequestHandler(CreateMessageRequestSchema, guarded(onSampling));
  if (roots) {
    client.setRequestHandler(
      ListRootsRequestSchema,
      guarded(async (_params: unknown, context) => ({ roots: await roots(context) })),
    );
  }
  if (onLog) {
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      const { level, logger, data } = notification.params;
      onLog({ server, level, ...(logger !== undefined && { logger }), data });
    });
  }
}

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type CallToolResult,
  type Tool as McpToolDefinition,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '../tool.js';
import { type ConnectionState, callFailure, type FailureContext, unusable } from './_call-failure.js';
import type { ProcessTransport } from './_process-transport.js';
import { rootMessage } from './_describe.js';
import type { McpProgressEvent } from './client-handlers.js';
import type { McpConnection } from './mcp-connection.js';
import { McpToolError } from './mcp-tool-error.js';
import type { McpServerConfig } from './mcp-server-config.js';
import { createMcpTool } from './mcp-tool.js';
import { toolNames } from './tool-name.js';

export interface ConnectionSettings {
  timeoutMs: number;
  prefix: string;
  trusted: boolean;
  labels: readonly string[] | undefined;
  /** The Streamable HTTP transport, whose session is ended with an HTTP DELETE on close. */
  http?: StreamableHTTPClientTransport | undefined;
  onProgress?: (event: McpProgressEvent) => void;
  /** Called with a failed request's error; true when the person signed in again and the request should be retried. */
  reauthorize?: (error: unknown) => Promise<boolean>;
  onClose?: () => Promise<void> | undefined;
}

/** A tool call in flight, and why its result can no longer be trusted, if it cannot. */
interface InFlight {
  spoiled?: unknown;
}

/** A server would have to misbehave to send this many pages; stop rather than loop forever. */
const maxPages = 1000;

/** {@link McpConnection} over an initialized SDK client. */
export class ClientConnection implements McpConnection {
  readonly name: string;
  readonly #client: Client;
  readonly #config: McpServerConfig;
  readonly #transport: ProcessTransport | undefined;
  readonly #settings: ConnectionSettings;
  readonly #listeners = new Set<(tools: Tool[]) => void>();
  #state: ConnectionState = 'open';
  #tools: Promise<Tool[]> | undefined;
  #refreshes: Promise<void> = Promise.resolve();
  readonly #inFlight = new Set<InFlight>();

  constructor(
    client: Client,
    config: McpServerConfig,
    transport: ProcessTransport | undefined,
    settings: ConnectionSettings,
  ) {
    this.name = config.name;
    this.#client = client;
    this.#config = config;
    this.#transport = transport;
    this.#settings = settings;
    // Runs before the SDK rejects pending requests, so their errors already know the server is gone.
    client.onclose = () => {
      if (this.#state === 'open') this.#state = 'exited';
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.#refreshes = this.#refreshes.then(() => this.#refresh());
    });
  }

  get closed(): boolean {
    return this.#state !== 'open';
  }

  async tools(): Promise<Tool[]> {
    const failure = unusable(this.#context());
    if (failure) throw failure;
    if (!this.#tools) {
      this.#tools = this.#fetchTools();
      this.#tools.catch(() => {
        this.#tools = undefined;
      });
    }
    return this.#tools;
  }

  onToolsChanged(listener: (tools: Tool[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'closed';
    this.#listeners.clear();
    // A stateful Streamable HTTP session is ended explicitly, so the server can free it at once.
    if (wasOpen) await this.#settings.http?.terminateSession().catch(() => {});
    await this.#client.close();
    await this.#settings.onClose?.();
  }

  /**
   * A request the server made of the client (e.g. elicitation) could not be answered: every call running now
   * fails, whatever the server then returns, so a half-done call never reaches the model as a success.
   */
  handlerFailed(error: unknown): void {
    for (const call of this.#inFlight) call.spoiled ??= error;
  }

  async #refresh(): Promise<void> {
    if (this.#state !== 'open') return;
    let tools: Tool[];
    try {
      tools = await this.#fetchTools();
    } catch {
      return; // The previous list stays; the next call reports what is wrong with the server.
    }
    this.#tools = Promise.resolve(tools);
    for (const listener of this.#listeners) listener(tools);
  }

  async #fetchTools(): Promise<Tool[]> {
    // A tool that can only run as a task would fail on every plain call: the model never sees it.
    const definitions = (await this.#listAll()).filter(
      (definition) => definition.execution?.taskSupport !== 'required',
    );
    const names = toolNames(
      definitions.map((definition) => definition.name),
      this.#settings.prefix,
    );
    const binding = {
      server: this.name,
      call: this.#call,
      timeoutMs: this.#settings.timeoutMs,
      trusted: this.#settings.trusted,
      labels: this.#settings.labels,
    };
    return definitions.map((definition, index) => createMcpTool(definition, names[index]!, binding));
  }

  async #listAll(): Promise<McpToolDefinition[]> {
    const definitions: McpToolDefinition[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      try {
        const params = cursor === undefined ? undefined : { cursor };
        const result = await this.#authorized(() =>
          this.#client.listTools(params, { timeout: this.#settings.timeoutMs }),
        );
        definitions.push(...result.tools);
        cursor = result.nextCursor;
      } catch (error) {
        throw callFailure(this.#context(), error, 'tools/list', this.#settings.timeoutMs);
      }
      if (cursor === undefined) return definitions;
    }
    return definitions;
  }

  readonly #call = async (
    mcpName: string,
    tool: string,
    input: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<CallToolResult> => {
    const failure = unusable(this.#context(), tool);
    if (failure) throw failure;
    const call: InFlight = {};
    this.#inFlight.add(call);
    const { onProgress } = this.#settings;
    let result: CallToolResult;
    try {
      result = (await this.#authorized(() =>
        this.#client.callTool({ name: mcpName, arguments: input }, undefined, {
          signal,
          timeout: this.#settings.timeoutMs,
          ...(onProgress && {
            resetTimeoutOnProgress: true,
            onprogress: (progress) => onProgress({ server: this.name, tool, ...progress }),
          }),
        }),
      )) as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw callFailure(this.#context(), error, tool, this.#settings.timeoutMs);
    } finally {
      this.#inFlight.delete(call);
    }
    if (call.spoiled !== undefined) {
      throw new McpToolError(
        tool,
        this.name,
        `the server asked Warden a question during the call that could not be answered (${rootMessage(call.spoiled)}), so its result is not used`,
      );
    }
    return result;
  };

  /** Runs a request, and once more if it failed for want of a sign-in that then succeeded. */
  async #authorized<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!(await this.#settings.reauthorize?.(error))) throw error;
      return request();
    }
  }

  #context(): FailureContext {
    return { config: this.#config, transport: this.#transport, state: this.#state };
  }
}

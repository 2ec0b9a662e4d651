import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type CallToolResult,
  type CompleteRequestParams,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool as McpToolDefinition,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '../tool.js';
import type { ToolHost } from '../tool-host.js';
import { type ConnectionState, callFailure, type FailureContext, unusable } from './_call-failure.js';
import type { ProcessTransport } from './_process-transport.js';
import { rootMessage } from './_describe.js';
import { collectPages, type PageFetcher } from './_pages.js';
import { progressListener } from './_progress-listener.js';
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
  /** The run the call belongs to, when it runs inside one. */
  host?: ToolHost | undefined;
}

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

  /**
   * The run a server request belongs to: the host of the one call in flight. MCP does not say which call a
   * request is about, so with several calls in flight (or none, or one outside a run) there is no answer.
   */
  hostOfCall(): { host: ToolHost } | { none: 'idle' | 'ambiguous' | 'outside-run' } {
    if (this.#inFlight.size === 0) return { none: 'idle' };
    if (this.#inFlight.size > 1) return { none: 'ambiguous' };
    const [call] = this.#inFlight;
    return call?.host ? { host: call.host } : { none: 'outside-run' };
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

  #listAll(): Promise<McpToolDefinition[]> {
    const timeout = this.#settings.timeoutMs;
    return collectPages(async (cursor) => {
      try {
        const result = await this.#authorized(() => this.#client.listTools(cursor, { timeout }));
        return { items: result.tools, next: result.nextCursor };
      } catch (error) {
        throw callFailure(this.#context(), error, 'tools/list', timeout);
      }
    });
  }

  readonly #call = async (
    mcpName: string,
    tool: string,
    input: Record<string, unknown>,
    signal: AbortSignal,
    meta?: Record<string, unknown>,
    host?: ToolHost,
  ): Promise<CallToolResult> => {
    const failure = unusable(this.#context(), tool);
    if (failure) throw failure;
    const call: InFlight = { host };
    this.#inFlight.add(call);
    const onProgress = progressListener(this.name, tool, this.#settings.onProgress, host);
    let result: CallToolResult;
    try {
      result = (await this.#authorized(() =>
        this.#client.callTool({ name: mcpName, arguments: input, ...(meta && { _meta: meta }) }, undefined, {
          signal,
          timeout: this.#settings.timeoutMs,
          ...(onProgress && {
            resetTimeoutOnProgress: true,
            onprogress: onProgress,
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

  async resources(): Promise<Resource[]> {
    if (!this.#client.getServerCapabilities()?.resources) return [];
    return this.#pages('resources/list', async (cursor) => {
      const page = await this.#client.listResources(cursor, { timeout: this.#settings.timeoutMs });
      return { items: page.resources, next: page.nextCursor };
    });
  }

  async resourceTemplates(): Promise<ResourceTemplate[]> {
    if (!this.#client.getServerCapabilities()?.resources) return [];
    return this.#pages('resources/templates/list', async (cursor) => {
      const page = await this.#client.listResourceTemplates(cursor, { timeout: this.#settings.timeoutMs });
      return { items: page.resourceTemplates, next: page.nextCursor };
    });
  }

  readResource(uri: string): Promise<ReadResourceResult> {
    return this.#request('resources/read', () =>
      this.#client.readResource({ uri }, { timeout: this.#settings.timeoutMs }),
    );
  }

  async prompts(): Promise<Prompt[]> {
    if (!this.#client.getServerCapabilities()?.prompts) return [];
    return this.#pages('prompts/list', async (cursor) => {
      const page = await this.#client.listPrompts(cursor, { timeout: this.#settings.timeoutMs });
      return { items: page.prompts, next: page.nextCursor };
    });
  }

  getPrompt(name: string, args?: Record<string, string>): Promise<GetPromptResult> {
    return this.#request('prompts/get', () =>
      this.#client.getPrompt({ name, ...(args && { arguments: args }) }, { timeout: this.#settings.timeoutMs }),
    );
  }

  async complete(params: CompleteRequestParams): Promise<CompleteResult['completion']> {
    if (!this.#client.getServerCapabilities()?.completions) return { values: [] };
    const result = await this.#request('completion/complete', () =>
      this.#client.complete(params, { timeout: this.#settings.timeoutMs }),
    );
    return result.completion;
  }

  async #request<T>(what: string, send: () => Promise<T>): Promise<T> {
    const failure = unusable(this.#context());
    if (failure) throw failure;
    try {
      return await this.#authorized(send);
    } catch (error) {
      throw callFailure(this.#context(), error, what, this.#settings.timeoutMs);
    }
  }

  #pages<T>(what: string, fetchPage: PageFetcher<T>): Promise<T[]> {
    return collectPages((cursor) => this.#request(what, () => fetchPage(cursor)));
  }

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

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallToolResult,
  type Tool as McpToolDefinition,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '../tool.js';
import { type ConnectionState, callFailure, type FailureContext, unusable } from './_call-failure.js';
import type { ProcessTransport } from './_process-transport.js';
import type { McpConnection } from './mcp-connection.js';
import type { McpServerConfig } from './mcp-server-config.js';
import { createMcpTool } from './mcp-tool.js';
import { toolNames } from './tool-name.js';

export interface ConnectionSettings {
  timeoutMs: number;
  prefix: string;
  trusted: boolean;
  labels: readonly string[] | undefined;
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
    this.#state = 'closed';
    this.#listeners.clear();
    await this.#client.close();
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
        const result = await this.#client.listTools(cursor === undefined ? undefined : { cursor }, {
          timeout: this.#settings.timeoutMs,
        });
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
    try {
      const result = await this.#client.callTool({ name: mcpName, arguments: input }, undefined, {
        signal,
        timeout: this.#settings.timeoutMs,
      });
      return result as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw callFailure(this.#context(), error, tool, this.#settings.timeoutMs);
    }
  };

  #context(): FailureContext {
    return { config: this.#config, transport: this.#transport, state: this.#state };
  }
}

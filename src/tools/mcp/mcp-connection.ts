import type {
  CompleteRequestParams,
  CompleteResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '../tool.js';

/** A live connection to one MCP server, from {@link connectMcp}. */
export interface McpConnection {
  /** The server's configured name; its tools have `source: 'mcp:<name>'`. */
  readonly name: string;
  /** True once {@link McpConnection.close} was called or the server went away; calls then fail fast. */
  readonly closed: boolean;
  /** The server's tools as Warden tools (every page of `tools/list`), kept current by `list_changed` notifications. */
  tools(): Promise<Tool[]>;
  /**
   * Calls `listener` with the new tool list each time the server says its tools changed
   * (after the list has been fetched again). Returns a function that removes the listener.
   */
  onToolsChanged(listener: (tools: Tool[]) => void): () => void;
  /** Every resource the server lists (all pages); empty when it offers none. */
  resources(): Promise<Resource[]>;
  /** Every resource template the server lists; empty when it offers none. */
  resourceTemplates(): Promise<ResourceTemplate[]>;
  /** Reads one resource, e.g. to give its text to the model as context. */
  readResource(uri: string): Promise<ReadResourceResult>;
  /** Every prompt the server lists; empty when it offers none. */
  prompts(): Promise<Prompt[]>;
  /** Renders one prompt with its arguments into messages. */
  getPrompt(name: string, args?: Record<string, string>): Promise<GetPromptResult>;
  /** Suggestions for a prompt or resource-template argument (`completion/complete`); none when unsupported. */
  complete(params: CompleteRequestParams): Promise<CompleteResult['completion']>;
  /** Ends the session; a stdio server's process is stopped (stdin closed, then SIGTERM, then SIGKILL). */
  close(): Promise<void>;
}

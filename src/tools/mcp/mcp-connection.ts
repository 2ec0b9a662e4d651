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
  /** Ends the session; a stdio server's process is stopped (stdin closed, then SIGTERM, then SIGKILL). */
  close(): Promise<void>;
}

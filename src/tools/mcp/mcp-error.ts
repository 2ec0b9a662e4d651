import { type Fault, WardenError } from '../../core/errors/warden-error.js';

/** What went wrong with an MCP server, as a stable code. */
export type McpErrorCode =
  /** The server could not be started or reached, or did not finish the handshake. */
  | 'MCP_CONNECT_FAILED'
  /** The server process exited (or crashed) after it started. */
  | 'MCP_SERVER_EXITED'
  /** A call got no answer within its timeout and was cancelled. */
  | 'MCP_TIMEOUT'
  /** The connection was closed by Warden and can no longer be used. */
  | 'MCP_CLOSED'
  /** A request failed on the way (e.g. an HTTP server that stopped answering). */
  | 'MCP_CALL_FAILED'
  /** A stdio server sent a reply longer than `maxResultBytes`; it was dropped and the call failed at once. */
  | 'MCP_RESULT_TOO_LARGE'
  /** An HTTP server refused Warden's credentials (401/403), at connect time or later. */
  | 'MCP_UNAUTHORIZED';

/** Details an {@link McpError} carries; every field is safe to store in the run log. */
export interface McpErrorData {
  /** The server's configured name. */
  server: string;
  /** The tool being called, for failures during a call. */
  tool?: string;
  /** The command line of a stdio server. */
  command?: string;
  /** The URL of an HTTP server. */
  url?: string;
  /** The process exit code, when it exited on its own. */
  exitCode?: number | null;
  /** The signal that ended the process, when one did. */
  signal?: string | null;
  /** The last lines the process wrote to stderr. */
  stderr?: string[];
  /** The timeout that elapsed. */
  timeoutMs?: number;
  /** The size limit a reply exceeded. */
  maxResultBytes?: number;
  /** The HTTP status an HTTP server answered with. */
  status?: number;
}

const faults: Record<McpErrorCode, Fault> = {
  MCP_CONNECT_FAILED: 'user',
  MCP_SERVER_EXITED: 'system',
  MCP_TIMEOUT: 'system',
  MCP_CLOSED: 'user',
  MCP_CALL_FAILED: 'system',
  MCP_RESULT_TOO_LARGE: 'user',
  MCP_UNAUTHORIZED: 'user',
};

/** An MCP server could not be started, reached, or kept: the message says which and what to check. */
export class McpError extends WardenError {
  declare readonly code: McpErrorCode;
  readonly server: string;
  readonly exitCode: number | null | undefined;
  readonly stderr: string[];

  constructor(code: McpErrorCode, message: string, details: McpErrorData, cause?: unknown) {
    super({ code, fault: faults[code], message, cause, data: { ...details } });
    this.server = details.server;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? [];
  }
}

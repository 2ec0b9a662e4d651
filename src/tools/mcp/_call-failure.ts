import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError as ProtocolError } from '@modelcontextprotocol/sdk/types.js';
import { credentialsHint, endpoint, endpointData, exitText, httpStatus, reason, stderrText } from './_describe.js';
import { resultTooLargeCode } from './_line-reader.js';
import type { ProcessTransport } from './_process-transport.js';
import { McpError } from './mcp-error.js';
import type { McpServerConfig } from './mcp-server-config.js';
import { McpToolError } from './mcp-tool-error.js';

/** Whether the connection can still be used, and if not, why. */
export type ConnectionState = 'open' | 'exited' | 'closed';

export interface FailureContext {
  config: McpServerConfig;
  transport: ProcessTransport | undefined;
  state: ConnectionState;
}

/** Why a connection that is no longer open cannot take a call; `undefined` while it is open. */
export function unusable(context: FailureContext, tool?: string): McpError | undefined {
  const { config, state } = context;
  if (state === 'closed') {
    return new McpError(
      'MCP_CLOSED',
      `The connection to MCP server "${config.name}" is closed, so its tools can no longer be called. Connect again to use them.`,
      { ...endpointData(config), ...(tool && { tool }) },
    );
  }
  if (state === 'exited') return exited(context, `is gone: it ${ended(context)} earlier in this run`, tool);
  return undefined;
}

/** Turns a failed `tools/call` or `tools/list` into a typed error. */
export function callFailure(context: FailureContext, error: unknown, tool: string, timeoutMs: number): Error {
  const { config } = context;
  if (context.state === 'exited') return exited(context, `${ended(context)} during a call to "${tool}"`, tool, error);
  if (context.state === 'closed') return unusable(context, tool)!;
  if (error instanceof ProtocolError && error.code === ErrorCode.RequestTimeout) {
    return new McpError(
      'MCP_TIMEOUT',
      `Tool "${tool}" (MCP server "${config.name}") did not answer within ${timeoutMs} ms and was cancelled. Raise timeoutMs if it is slow, or check the server.`,
      { ...endpointData(config), tool, timeoutMs },
      error,
    );
  }
  if (error instanceof ProtocolError && error.code === resultTooLargeCode) {
    const { maxResultBytes, bytes } = (error.data ?? {}) as { maxResultBytes?: number; bytes?: number };
    return new McpError(
      'MCP_RESULT_TOO_LARGE',
      `Tool "${tool}" (MCP server "${config.name}") sent a ${bytes ?? 'too large'}-byte reply, over the limit of ${maxResultBytes} bytes; it was dropped. Raise \`maxResultBytes\` for this server if such results are expected, or ask the tool for less.`,
      { ...endpointData(config), tool, ...(maxResultBytes !== undefined && { maxResultBytes }) },
      error,
    );
  }
  const status = httpStatus(error);
  if (status === 401 || status === 403 || error instanceof UnauthorizedError) {
    return new McpError(
      'MCP_UNAUTHORIZED',
      `Calling "${tool}" on MCP server "${config.name}" (${endpoint(config)}) was refused: ${reason(error)}. ${credentialsHint(config)}`,
      { ...endpointData(config), tool, ...(status !== undefined && { status }) },
      error,
    );
  }
  if (error instanceof ProtocolError && error.code !== ErrorCode.ConnectionClosed) {
    return new McpToolError(tool, config.name, error.message);
  }
  return new McpError(
    'MCP_CALL_FAILED',
    `Calling "${tool}" on MCP server "${config.name}" (${endpoint(config)}) failed: ${reason(error)}. Check that the server is still running.`,
    { ...endpointData(config), tool },
    error,
  );
}

function ended({ transport }: FailureContext): string {
  return transport ? `exited with ${exitText(transport.exit)}` : 'closed the connection';
}

function exited(context: FailureContext, what: string, tool?: string, cause?: unknown): McpError {
  const { config, transport } = context;
  const stderr = transport?.stderr.lines() ?? [];
  return new McpError(
    'MCP_SERVER_EXITED',
    `MCP server "${config.name}" ${what}. Restart the run, or check the server (${endpoint(config)}).${stderrText(stderr)}`,
    {
      ...endpointData(config),
      ...(tool && { tool }),
      ...(transport?.exit && { exitCode: transport.exit.code, signal: transport.exit.signal }),
      stderr,
    },
    cause,
  );
}

import { WardenError } from '../../core/errors/warden-error.js';

/** An MCP tool ran and reported a failure (`isError: true`, or a JSON-RPC error); the message is the server's text, for the model to read. */
export class McpToolError extends WardenError {
  constructor(
    readonly tool: string,
    readonly server: string,
    readonly text: string,
  ) {
    super({
      code: 'MCP_TOOL_ERROR',
      fault: 'system',
      message: `Tool "${tool}" (MCP server "${server}") reported an error: ${text || '(no details)'}`,
      data: { tool, server, text },
    });
  }
}

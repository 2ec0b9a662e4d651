import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServerConfig } from './mcp-server-config.js';
import type { McpErrorData } from './mcp-error.js';
import type { ProcessExit } from './_process-transport.js';

/** `node server.js --flag` or the URL: how the user recognises the server in their config. */
export function endpoint(config: McpServerConfig): string {
  return config.transport === 'stdio' ? [config.command, ...(config.args ?? [])].join(' ') : config.url;
}

export function endpointData(config: McpServerConfig): McpErrorData {
  return config.transport === 'stdio'
    ? { server: config.name, command: endpoint(config) }
    : { server: config.name, url: config.url };
}

/** `code 3`, `signal SIGKILL`. */
export function exitText(exit: ProcessExit | undefined): string {
  if (!exit) return 'an unknown status';
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** The stderr tail as an indented block to end a message with, or nothing when the process wrote none. */
export function stderrText(lines: readonly string[]): string {
  return lines.length ? `\nLast stderr lines:\n${lines.map((line) => `  ${line}`).join('\n')}` : '';
}

/** What went wrong, with the HTTP status when an HTTP server answered with an error. */
export function reason(error: unknown): string {
  const status = httpStatus(error);
  return status === undefined ? rootMessage(error) : `HTTP ${status}: ${rootMessage(error)}`;
}

/** The HTTP status of a failed Streamable HTTP request, when there was one. */
export function httpStatus(error: unknown): number | undefined {
  return error instanceof StreamableHTTPError && typeof error.code === 'number' && error.code >= 100
    ? error.code
    : undefined;
}

/** The innermost message of an error chain (`fetch failed` → `connect ECONNREFUSED 127.0.0.1:1`). */
export function rootMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth += 1) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : String(current);
}

/** What to fix when an HTTP server refuses Warden's credentials. */
export function credentialsHint(config: McpServerConfig): string {
  return config.transport === 'http'
    ? 'Check the credentials in its `headers` (a token may have expired or been revoked).'
    : "Check the server's credentials.";
}

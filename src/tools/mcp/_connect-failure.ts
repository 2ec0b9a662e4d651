import { existsSync } from 'node:fs';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError as ProtocolError } from '@modelcontextprotocol/sdk/types.js';
import { NoSignInError } from './auth/create-auth.js';
import { credentialsHint, endpoint, endpointData, exitText, httpStatus, reason, stderrText } from './_describe.js';
import type { ProcessTransport } from './_process-transport.js';
import { McpError, type McpErrorData } from './mcp-error.js';
import type { McpServerConfig } from './mcp-server-config.js';

/** Why `connectMcp` failed, as an error that names the server, the command or URL, and what to check. */
export function connectFailure(
  config: McpServerConfig,
  transport: ProcessTransport | undefined,
  error: unknown,
  timeoutMs: number,
): McpError {
  const data = endpointData(config);
  const where = `MCP server "${config.name}"`;
  if (config.transport === 'stdio' && transport?.spawnError) {
    const code = transport.spawnError.code;
    if (code === 'ENOENT' && config.cwd && !existsSync(config.cwd)) {
      return fail(
        `${where} could not start: its working directory "${config.cwd}" does not exist. Fix \`cwd\` in its config.`,
      );
    }
    const reason =
      code === 'ENOENT'
        ? `command "${config.command}" was not found`
        : code === 'EACCES'
          ? `command "${config.command}" is not executable`
          : `spawning "${config.command}" failed: ${transport.spawnError.message}`;
    return fail(
      `${where} could not start: ${reason}. Check \`command\` in its config (is the server installed and on PATH?).`,
    );
  }
  if (config.transport === 'stdio' && transport?.exit) {
    const stderr = transport.stderr.lines();
    return fail(
      `${where} exited with ${exitText(transport.exit)} before it finished starting (command: ${endpoint(config)}). Check the server's command, arguments and environment.${stderrText(stderr)}`,
      { exitCode: transport.exit.code, signal: transport.exit.signal, stderr },
    );
  }
  if (error instanceof ProtocolError && error.code === ErrorCode.RequestTimeout) {
    const stderr = transport?.stderr.lines() ?? [];
    return fail(
      `${where} did not answer the MCP handshake within ${timeoutMs} ms (${endpoint(config)}). Check that it speaks MCP over ${config.transport}, or raise connectTimeoutMs.${stderrText(stderr)}`,
      { timeoutMs, ...(transport && { stderr }) },
    );
  }
  if (config.transport === 'http' && refused(error)) {
    const status = httpStatus(error);
    const why = hasCause(error, NoSignInError)
      ? 'it needs a person to sign in. Connect from the CLI (it prints the sign-in URL), or pass `onAuthorizationUrl`.'
      : `${reason(error)}. ${config.auth ? 'Check the `auth` settings in its config (client id, secret or key, scope).' : credentialsHint(config)}`;
    return new McpError(
      'MCP_UNAUTHORIZED',
      `Could not connect to ${where} at ${endpoint(config)}: ${why}`,
      { ...data, ...(status !== undefined && { status }) },
      error,
    );
  }
  return fail(`Could not connect to ${where} at ${endpoint(config)}: ${reason(error)}. ${hint(config, error)}`);

  function fail(message: string, extra: Partial<McpErrorData> = {}): McpError {
    return new McpError('MCP_CONNECT_FAILED', message, { ...data, ...extra }, error);
  }
}

function hint(config: McpServerConfig, error: unknown): string {
  if (config.transport === 'stdio') return "Check the server's command and arguments.";
  const status = httpStatus(error);
  if (status === 401 || status === 403) return credentialsHint(config);
  return 'Check that the server is running and the URL is its MCP endpoint.';
}

function refused(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 401 || status === 403 || hasCause(error, UnauthorizedError) || hasCause(error, NoSignInError);
}

function hasCause(error: unknown, type: new (...args: never[]) => Error): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth += 1) {
    if (current instanceof type) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectMcp } from './connect-mcp.js';
import { isRunning } from './fixtures/servers.js';
import { McpError } from './mcp-error.js';

async function connectError(...args: Parameters<typeof connectMcp>): Promise<McpError> {
  const error = await connectMcp(...args).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

function node(script: string) {
  return { name: 'broken', transport: 'stdio' as const, command: process.execPath, args: ['-e', script] };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connectMcp failures', () => {
  it('names a command that does not exist', async () => {
    const error = await connectError({ name: 'ghost', transport: 'stdio', command: 'warden-no-such-mcp-server' });
    expect(error.code).toBe('MCP_CONNECT_FAILED');
    expect(error.message).toBe(
      'MCP server "ghost" could not start: command "warden-no-such-mcp-server" was not found. Check `command` in its config (is the server installed and on PATH?).',
    );
    expect(error.data).toMatchObject({ server: 'ghost', command: 'warden-no-such-mcp-server' });
  });

  it('names a working directory that does not exist', async () => {
    const error = await connectError({ ...node('0'), cwd: '/no/such/warden/dir' });
    expect(error.message).toContain('its working directory "/no/such/warden/dir" does not exist');
  });

  it('reports the exit code and last stderr lines of a server that exits at start', async () => {
    const error = await connectError(
      node('console.error("loading config"); console.error("error: MISSING_API_KEY is not set"); process.exit(3)'),
    );
    expect(error.code).toBe('MCP_CONNECT_FAILED');
    expect(error.exitCode).toBe(3);
    expect(error.stderr).toEqual(['loading config', 'error: MISSING_API_KEY is not set']);
    expect(error.message).toContain(
      `MCP server "broken" exited with code 3 before it finished starting (command: ${process.execPath} -e`,
    );
    expect(error.message).toMatch(/Last stderr lines:\n {2}loading config\n {2}error: MISSING_API_KEY is not set$/);
  });

  it('gives up on a server that never answers the handshake, and stops it', async () => {
    const error = await connectError(node('console.error(process.pid); setInterval(() => {}, 1000)'), {
      connectTimeoutMs: 300,
    });
    expect(error.code).toBe('MCP_CONNECT_FAILED');
    expect(error.message).toContain('did not answer the MCP handshake within 300 ms');
    expect(error.data).toMatchObject({ timeoutMs: 300 });
    const pid = Number(error.stderr[0]);
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
  });

  it('stops connecting when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('run cancelled');
    const connecting = connectMcp(node('process.stdin.resume().on("end", () => process.exit(0))'), {
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(connecting).rejects.toBe(reason);
  });

  it('passes only the configured environment on top of a safe default', async () => {
    process.env.WARDEN_TEST_SECRET = 'leaked';
    try {
      const error = await connectError({
        ...node(
          'console.error("secret=" + process.env.WARDEN_TEST_SECRET + " given=" + process.env.GIVEN); process.exit(1)',
        ),
        env: { GIVEN: 'yes' },
      });
      expect(error.stderr).toEqual(['secret=undefined given=yes']);
    } finally {
      delete process.env.WARDEN_TEST_SECRET;
    }
  });

  it('reports an HTTP URL that refuses connections', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    const error = await connectError({ name: 'remote', transport: 'http', url });
    expect(error.code).toBe('MCP_CONNECT_FAILED');
    expect(error.message).toMatch(
      new RegExp(
        `^Could not connect to MCP server "remote" at ${url}: .*ECONNREFUSED.*Check that the server is running`,
      ),
    );
    expect(error.data).toMatchObject({ server: 'remote', url });
  });
});

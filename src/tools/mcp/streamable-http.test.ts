import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

describe('an MCP server over Streamable HTTP', () => {
  const authorizations = new Set<string | undefined>();
  const methods: string[] = [];
  let revoked = false;
  let mcpServer: McpServer;
  let httpServer: Server;
  let url: string;
  let connection: McpConnection;
  let tools: Tool[];

  beforeAll(async () => {
    mcpServer = new McpServer({ name: 'http-test-server', version: '1.0.0' });
    mcpServer.registerTool(
      'greet',
      {
        description: 'Greets someone.',
        inputSchema: { name: z.string() },
        annotations: { readOnlyHint: true, idempotentHint: true },
      },
      async ({ name }) => ({ content: [{ type: 'text', text: `Hello, ${name}!` }] }),
    );
    mcpServer.registerTool(
      'divide',
      { description: 'Divides a by b.', inputSchema: { a: z.number(), b: z.number() } },
      async ({ a, b }) =>
        b === 0
          ? { isError: true, content: [{ type: 'text', text: 'cannot divide by zero' }] }
          : { content: [{ type: 'text', text: String(a / b) }], structuredContent: { quotient: a / b } },
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
    await mcpServer.connect(transport);
    httpServer = createServer((request, response) => {
      authorizations.add(request.headers.authorization);
      methods.push(request.method ?? '');
      if (revoked) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
        return;
      }
      if (request.url !== '/mcp') {
        response.writeHead(404).end('not found');
        return;
      }
      void transport.handleRequest(request, response);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as { port: number };
    url = `http://127.0.0.1:${port}/mcp`;
    connection = await connectMcp(
      { name: 'remote', transport: 'http', url, headers: { Authorization: 'Bearer test-token' } },
      { labels: ['untrusted'], trusted: true },
    );
    tools = await connection.tools();
  });

  afterAll(async () => {
    await connection?.close();
    await mcpServer?.close();
    httpServer?.closeAllConnections();
    await new Promise((resolve) => httpServer?.close(resolve));
  });

  function tool(name: string): Tool {
    const found = tools.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  }

  it('lists and calls tools, sending the configured headers', async () => {
    expect(tools.map((candidate) => candidate.name)).toEqual(['greet', 'divide']);
    expect(tool('greet')).toMatchObject({
      source: 'mcp:remote',
      readOnly: true,
      idempotent: true,
      labels: ['untrusted'],
    });
    expect(await tool('greet').execute({ name: 'Ada' }, toolContext())).toBe('Hello, Ada!');
    expect(await tool('divide').execute({ a: 6, b: 3 }, toolContext())).toEqual({ quotient: 2 });
    expect([...authorizations]).toEqual(['Bearer test-token']);
  });

  it('reports isError results as MCP_TOOL_ERROR', async () => {
    await expect(tool('divide').execute({ a: 1, b: 0 }, toolContext())).rejects.toMatchObject({
      code: 'MCP_TOOL_ERROR',
      message: 'Tool "divide" (MCP server "remote") reported an error: cannot divide by zero',
    });
  });

  it('follows tool list changes sent over the event stream', async () => {
    const changed = new Promise<Tool[]>((resolve) => connection.onToolsChanged(resolve));
    mcpServer.registerTool('late', { description: 'Registered after connect.' }, async () => ({
      content: [{ type: 'text', text: 'late ran' }],
    }));
    const next = await changed;
    expect(next.map((candidate) => candidate.name)).toEqual(['greet', 'divide', 'late']);
    expect(await next[2]?.execute({}, toolContext())).toBe('late ran');
  });

  it('reports a URL that is not an MCP endpoint', async () => {
    const wrong = url.replace('/mcp', '/nope');
    await expect(connectMcp({ name: 'wrong', transport: 'http', url: wrong })).rejects.toMatchObject({
      code: 'MCP_CONNECT_FAILED',
      message: expect.stringMatching(
        new RegExp(
          `^Could not connect to MCP server "wrong" at ${wrong}: HTTP 404: .*not found\\. Check that the server is running and the URL is its MCP endpoint\\.$`,
        ),
      ),
    });
  });

  it('gives the credentials hint, not "still running", when a token is refused after connecting', async () => {
    revoked = true;
    try {
      const call = tool('greet').execute({ name: 'Ada' }, toolContext());
      await expect(call).rejects.toMatchObject({ code: 'MCP_UNAUTHORIZED', data: { status: 401, tool: 'greet' } });
      await expect(call).rejects.toThrow(/HTTP 401.*Check the credentials in its `headers`/);
      await expect(call).rejects.not.toThrow(/still running/);
    } finally {
      revoked = false;
    }
  });

  it('ends the stateful session with an HTTP DELETE on close', async () => {
    methods.length = 0;
    await connection.close();
    expect(methods).toEqual(['DELETE']);
    await connection.close();
    expect(methods).toEqual(['DELETE']);
  });
});

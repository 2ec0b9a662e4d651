import { afterAll, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import type { McpClientHandlers, McpLogEvent, McpProgressEvent } from './client-handlers.js';
import { connectMcp } from './connect-mcp.js';
import { askingServerEntry, nodeServer, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});

async function asking(handlers: McpClientHandlers) {
  const connection = await connectMcp(nodeServer('asking', askingServerEntry), { handlers });
  open.push(connection);
  const tools = await connection.tools();
  return (name: string, input: Record<string, unknown> = {}) => {
    const tool = tools.find((candidate) => candidate.name === name) as Tool;
    return tool.execute(input, toolContext());
  };
}

describe('elicitation', () => {
  it('passes form requests to the handler and fills in the schema defaults', async () => {
    const seen: unknown[] = [];
    const call = await asking({
      onElicitation: async (request, context) => {
        seen.push({ request, server: context.server });
        return { action: 'accept', content: { name: 'Ada' } };
      },
    });
    expect(JSON.parse((await call('ask')) as string)).toEqual({ action: 'accept', content: { name: 'Ada', count: 3 } });
    expect(seen).toMatchObject([{ server: 'asking', request: { message: 'Which name?' } }]);
  });

  it('passes URL-mode requests with their URL', async () => {
    const call = await asking({
      onElicitation: async (request) => {
        expect(request).toMatchObject({ mode: 'url', url: 'https://vendor.example/connect' });
        return { action: 'decline' };
      },
    });
    expect(JSON.parse((await call('ask_url')) as string)).toEqual({ action: 'decline' });
  });

  it('fails the tool call when the handler fails, although the server reports success', async () => {
    const call = await asking({
      onElicitation: async () => {
        throw new Error('nobody there to answer');
      },
    });
    await expect(call('ask')).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR', tool: 'ask' });
    await expect(call('ask')).rejects.toThrow(/could not be answered \(nobody there to answer\)/);
  });

  it('outside a run and without a handler, the server gets a protocol error and the call fails, although the server reports success', async () => {
    const call = await asking({});
    await expect(call('ask')).rejects.toThrow(/tool call runs outside a Warden run/);
    await expect(call('sample')).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR' });
  });

  it('with serveRuns: false and no handler, it is not declared, so the request fails and so does the call', async () => {
    const connection = await connectMcp(nodeServer('asking', askingServerEntry), { serveRuns: false });
    open.push(connection);
    const tools = await connection.tools();
    const call = (name: string) => (tools.find((tool) => tool.name === name) as Tool).execute({}, toolContext());
    await expect(call('ask')).resolves.toBe('done'); // the server swallowed it: nothing Warden asked was lost
    await expect(call('sample')).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR' });
  });
});

describe('sampling, roots, progress and logs', () => {
  it('serves sampling and roots through the handlers', async () => {
    const call = await asking({
      onSampling: async (request) => ({
        role: 'assistant',
        model: 'scripted',
        content: { type: 'text', text: `echo: ${JSON.stringify(request.messages[0]?.content)}` },
      }),
      roots: () => [{ uri: 'file:///work/data', name: 'data' }],
    });
    expect(JSON.parse((await call('sample')) as string)).toMatchObject({ model: 'scripted', role: 'assistant' });
    expect(JSON.parse((await call('roots')) as string)).toEqual({
      roots: [{ uri: 'file:///work/data', name: 'data' }],
    });
  });

  it('reports progress and log entries', async () => {
    const progress: McpProgressEvent[] = [];
    const logs: McpLogEvent[] = [];
    const call = await asking({
      onProgress: (event) => progress.push(event),
      onLog: (event) => logs.push(event),
      logLevel: 'info',
    });
    expect(await call('slow')).toBe('slow done');
    expect(progress).toEqual([
      { server: 'asking', tool: 'slow', progress: 1, total: 2, message: 'step 1' },
      { server: 'asking', tool: 'slow', progress: 2, total: 2, message: 'step 2' },
    ]);
    expect(logs).toEqual([{ server: 'asking', level: 'warning', logger: 'slow', data: 'almost done' }]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { isRunning, nodeServer, pagedServerEntry, testServerEntry, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';
import { McpError } from './mcp-error.js';

const open: McpConnection[] = [];

async function connectTestServer(options: Parameters<typeof connectMcp>[1] = {}) {
  const connection = await connectMcp(nodeServer('test', testServerEntry), options);
  open.push(connection);
  const tools = await connection.tools();
  const tool = (name: string): Tool => {
    const found = tools.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  return { connection, tool };
}

afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});

describe('an MCP server process', () => {
  it('that dies mid-call rejects the call with MCP_SERVER_EXITED, then fails fast', async () => {
    const { connection, tool } = await connectTestServer();
    const crash = tool('crash').execute({}, toolContext());
    await expect(crash).rejects.toBeInstanceOf(McpError);
    const error = (await crash.catch((caught: unknown) => caught)) as McpError;
    expect(error.code).toBe('MCP_SERVER_EXITED');
    expect(error.exitCode).toBe(7);
    expect(error.stderr).toContain('fatal: simulated crash in tool "crash"');
    expect(error.message).toContain('MCP server "test" exited with code 7 during a call to "crash"');
    expect(error.message).toContain('Restart the run, or check the server');
    expect(connection.closed).toBe(true);

    const later = tool('fail').execute({}, toolContext());
    await expect(later).rejects.toMatchObject({ code: 'MCP_SERVER_EXITED', data: { tool: 'fail', exitCode: 7 } });
    await expect(later).rejects.toThrow('MCP server "test" is gone: it exited with code 7 earlier in this run.');
    await expect(connection.tools()).rejects.toMatchObject({ code: 'MCP_SERVER_EXITED' });
  });

  it('abandons a call that exceeds timeoutMs with MCP_TIMEOUT and stays usable', async () => {
    const { connection, tool } = await connectTestServer({ timeoutMs: 300 });
    expect(tool('hang').timeoutMs).toBe(300);
    const hang = tool('hang').execute({}, toolContext());
    await expect(hang).rejects.toMatchObject({ code: 'MCP_TIMEOUT', data: { tool: 'hang', timeoutMs: 300 } });
    await expect(hang).rejects.toThrow('Tool "hang" (MCP server "test") did not answer within 300 ms');
    expect(connection.closed).toBe(false);
    await expect(tool('fail').execute({}, toolContext())).rejects.toThrow('disk quota exceeded for /data');
  });

  it('cancels a call when the context aborts', async () => {
    const { tool } = await connectTestServer();
    const controller = new AbortController();
    const hang = tool('hang').execute({}, toolContext(controller.signal));
    const reason = new Error('run cancelled');
    controller.abort(reason);
    await expect(hang).rejects.toBe(reason);
  });

  it('refreshes its tools on notifications/tools/list_changed', async () => {
    const { connection, tool } = await connectTestServer({ prefix: 't_' });
    const changed = new Promise<Tool[]>((resolve) => connection.onToolsChanged(resolve));
    expect(await tool('t_add-tool').execute({ name: 'late.tool' }, toolContext())).toBe('added late.tool');
    const tools = await changed;
    const late = tools.find((candidate) => candidate.name === 't_late_tool');
    expect(late?.description).toBe('Added at run time: late.tool');
    expect(await late?.execute({}, toolContext())).toBe('late.tool ran');
    expect((await connection.tools()).map((candidate) => candidate.name)).toContain('t_late_tool');
  });

  it('stops the process on close', async () => {
    const { connection, tool } = await connectTestServer();
    const pid = Number(await tool('pid').execute({}, toolContext()));
    expect(isRunning(pid)).toBe(true);
    await connection.close();
    expect(connection.closed).toBe(true);
    expect(isRunning(pid)).toBe(false);
    await expect(tool('pid').execute({}, toolContext())).rejects.toMatchObject({ code: 'MCP_CLOSED' });
    await connection.close();
  });

  it('collects every page of tools/list', async () => {
    const connection = await connectMcp(nodeServer('paged', pagedServerEntry));
    open.push(connection);
    const tools = await connection.tools();
    expect(tools.map((tool) => tool.name)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(await tools[4]?.execute({}, toolContext())).toBe('called five');
  });
});

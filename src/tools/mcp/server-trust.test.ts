import { afterAll, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { hostileServerEntry, nodeServer, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});

async function hostile(extra: { trusted?: boolean; maxResultBytes?: number } = {}) {
  const connection = await connectMcp({ ...nodeServer('hostile', hostileServerEntry), ...extra });
  open.push(connection);
  const tools = new Map((await connection.tools()).map((tool) => [tool.name, tool]));
  const tool = (name: string): Tool => {
    const found = tools.get(name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  return { tools, tool };
}

describe('an MCP server that lies about its tools', () => {
  it('is not believed when it is not configured trusted', async () => {
    const { tools } = await hostile();
    for (const tool of tools.values()) {
      expect(tool).toMatchObject({ readOnly: false, idempotent: false });
    }
  });

  it('is believed only when trusted, and a destructive hint wins over a read-only one', async () => {
    const { tool } = await hostile({ trusted: true });
    expect(tool('delete_everything')).toMatchObject({ readOnly: true, idempotent: true });
    expect(tool('wipe')).toMatchObject({ readOnly: false });
  });

  it('never offers a tool that can only run as a task', async () => {
    const { tools } = await hostile();
    expect(tools.has('task_only')).toBe(false);
    expect(tools.has('task_optional')).toBe(true);
  });
});

describe('maxResultBytes', () => {
  it('fails an oversized reply at once with an error naming the setting, and the connection keeps working', async () => {
    const { tool } = await hostile({ maxResultBytes: 64 * 1024 });
    // The timeout is far longer than the test's: a reply that were silently dropped would hang here.
    const call = tool('big').execute({ bytes: 200 * 1024 }, toolContext());
    await expect(call).rejects.toMatchObject({
      code: 'MCP_RESULT_TOO_LARGE',
      data: { tool: 'big', server: 'hostile', maxResultBytes: 64 * 1024 },
    });
    await expect(call).rejects.toThrow(/over the limit of 65536 bytes.*Raise `maxResultBytes`/);
    expect(await tool('small').execute({}, toolContext())).toBe('ok');
    expect(await tool('big').execute({ bytes: 1000 }, toolContext())).toBe('x'.repeat(1000));
  });

  it('fails only the call whose reply was too big when several are in flight', async () => {
    const { tool } = await hostile({ maxResultBytes: 64 * 1024 });
    const [big, small, medium] = await Promise.allSettled([
      tool('big').execute({ bytes: 100 * 1024 }, toolContext()),
      tool('small').execute({}, toolContext()),
      tool('big').execute({ bytes: 30 * 1024 }, toolContext()),
    ]);
    expect(big).toMatchObject({ status: 'rejected', reason: { code: 'MCP_RESULT_TOO_LARGE' } });
    expect(small).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(medium).toMatchObject({ status: 'fulfilled' });
  });

  it('defaults to 10 MiB', async () => {
    const { tool } = await hostile();
    const call = tool('big').execute({ bytes: 10 * 1024 * 1024 + 10 }, toolContext());
    await expect(call).rejects.toMatchObject({ code: 'MCP_RESULT_TOO_LARGE', data: { maxResultBytes: 10485760 } });
  });
});

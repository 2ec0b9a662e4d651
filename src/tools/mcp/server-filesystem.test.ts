import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, packageEntry, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

describe('@modelcontextprotocol/server-filesystem over stdio', () => {
  let root: string;
  let outside: string;
  let connection: McpConnection;
  let tools: Map<string, Tool>;

  async function call(name: string, input: Record<string, unknown>): Promise<unknown> {
    const tool = tools.get(`fs_${name}`);
    if (!tool) throw new Error(`no tool fs_${name}`);
    const parsed = tool.parseInput(input);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    return tool.execute(parsed.value, toolContext());
  }

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'warden-mcp-fs-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'warden-mcp-outside-')));
    writeFileSync(join(root, 'notes.txt'), 'first line\nsecond line\n');
    writeFileSync(join(outside, 'secret.txt'), 'do not read');
    const entry = packageEntry('@modelcontextprotocol/server-filesystem');
    connection = await connectMcp(nodeServer('files', entry, [root]), { prefix: 'fs_', trusted: true });
    tools = new Map((await connection.tools()).map((tool) => [tool.name, tool]));
  });

  afterAll(async () => {
    await connection?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('exposes prefixed tools with their hints', () => {
    expect([...tools.keys()]).toEqual(
      expect.arrayContaining(['fs_read_text_file', 'fs_write_file', 'fs_list_directory']),
    );
    expect(tools.get('fs_read_text_file')).toMatchObject({ readOnly: true, source: 'mcp:files' });
    expect(tools.get('fs_write_file')).toMatchObject({ readOnly: false, idempotent: true });
  });

  it('reads, writes and lists files in the allowed directory', async () => {
    expect(await call('read_text_file', { path: join(root, 'notes.txt') })).toEqual({
      content: 'first line\nsecond line\n',
    });
    await call('write_file', { path: join(root, 'new.txt'), content: 'written by warden' });
    expect(readFileSync(join(root, 'new.txt'), 'utf8')).toBe('written by warden');
    const listing = (await call('list_directory', { path: root })) as { content: string };
    expect(listing.content.split('\n').sort()).toEqual(['[FILE] new.txt', '[FILE] notes.txt']);
  });

  it('reports a path outside the allowed directory as a tool error the model can read', async () => {
    const read = call('read_text_file', { path: join(outside, 'secret.txt') });
    await expect(read).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR', tool: 'fs_read_text_file' });
    await expect(read).rejects.toThrow(/Access denied - path outside allowed directories/);
    await expect(read).rejects.not.toThrow(/do not read/);
  });
});

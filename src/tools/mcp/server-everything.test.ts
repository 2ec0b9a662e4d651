import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, packageEntry, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';
import { McpToolError } from './mcp-tool-error.js';

describe('@modelcontextprotocol/server-everything over stdio', () => {
  let connection: McpConnection;
  let tools: Map<string, Tool>;

  function tool(name: string): Tool {
    const found = tools.get(name);
    if (!found) throw new Error(`no tool ${name}; have ${[...tools.keys()].join(', ')}`);
    return found;
  }

  beforeAll(async () => {
    const entry = packageEntry('@modelcontextprotocol/server-everything');
    connection = await connectMcp({ ...nodeServer('everything', entry, ['stdio']), trusted: true });
    tools = new Map((await connection.tools()).map((t) => [t.name, t]));
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('lists the server tools as Warden tools', () => {
    expect([...tools.keys()]).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-tiny-image']));
    const echo = tool('echo');
    expect(echo).toMatchObject({
      description: 'Echoes back the input string',
      source: 'mcp:everything',
      readOnly: true,
      idempotent: true,
      timeoutMs: 60_000,
    });
    expect(echo.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(echo.inputSchema).not.toHaveProperty('$schema');
  });

  it('calls echo', async () => {
    expect(await tool('echo').execute({ message: 'hello warden' }, toolContext())).toBe('Echo: hello warden');
  });

  it('validates input against the server schema before calling', async () => {
    const sum = tool('get-sum');
    expect(sum.parseInput({ a: 2, b: 3 })).toEqual({ success: true, value: { a: 2, b: 3 } });
    const parsed = sum.parseInput({ a: 'two' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.issues.map((issue) => issue.path).sort()).toEqual([['a'], ['b']]);
    expect(sum.parseInput('not an object')).toMatchObject({ success: false });
    expect(await sum.execute({ a: 2, b: 3 }, toolContext())).toBe('The sum of 2 and 3 is 5.');
  });

  it('summarizes an image instead of returning its base64', async () => {
    const output = await tool('get-tiny-image').execute({}, toolContext());
    expect(output).toMatch(
      /^Here's the image you requested:\n\[image: image\/png, \d+(\.\d)? KB\]\nThe image above is the MCP logo\.$/,
    );
  });

  it('summarizes an embedded resource', async () => {
    const output = await tool('get-resource-reference').execute({ resourceType: 'Text', resourceId: 1 }, toolContext());
    expect(output).toMatch(/\n\[resource: demo:\/\/resource\/dynamic\/text\/1, text\/plain, \d+ B\]\n/);
  });

  it('returns structured content as is', async () => {
    expect(await tool('get-structured-content').execute({ location: 'Chicago' }, toolContext())).toEqual({
      temperature: 36,
      conditions: 'Light rain / drizzle',
      humidity: 82,
    });
  });

  it('turns a server-side error into McpToolError the model can read', async () => {
    const call = tool('get-sum').execute({ a: 'two', b: 3 }, toolContext());
    await expect(call).rejects.toBeInstanceOf(McpToolError);
    await expect(call).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR', tool: 'get-sum', server: 'everything' });
    await expect(call).rejects.toThrow(/reported an error: .*a/);
  });

  it('lists and reads resources, renders prompts and completes arguments', async () => {
    const resources = await connection.resources();
    expect(resources.length).toBeGreaterThan(0);
    const first = resources[0]!;
    const read = await connection.readResource(first.uri);
    expect(read.contents[0]).toMatchObject({ uri: first.uri });
    const prompts = await connection.prompts();
    const simple = prompts.find((prompt) => !prompt.arguments?.some((argument) => argument.required));
    expect(simple).toBeDefined();
    const rendered = await connection.getPrompt(simple!.name);
    expect(rendered.messages.length).toBeGreaterThan(0);
    expect(Array.isArray(await connection.resourceTemplates())).toBe(true);
    await expect(connection.readResource('demo://no/such/resource')).rejects.toMatchObject({ code: 'MCP_TOOL_ERROR' });
  });
});

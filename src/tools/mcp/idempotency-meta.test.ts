import { afterAll, describe, expect, it } from 'vitest';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, testServerEntry, toolContext } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';
import { idempotencyMetaKey } from './mcp-tool.js';

const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});

describe('MCP tools/call _meta', () => {
  it("carries the call's idempotency key, the syscall id, to the server", async () => {
    const connection = await connectMcp(nodeServer('test', testServerEntry));
    open.push(connection);
    const tools = await connection.tools();
    const meta = tools.find((tool) => tool.name.endsWith('meta'))!;
    const model = new ScriptedModel([
      { toolCalls: [{ name: meta.name, input: {} }] },
      { toolCalls: [{ name: meta.name, input: {} }] },
      { text: 'done' },
    ]);
    const result = await createRuntime().run(defineAgent({ name: 'a', model, tools: [meta] }), 'go', {
      runId: 'run_meta',
    });
    expect(result.status).toBe('completed');
    const seen = model.requests
      .slice(1)
      .map((request) => JSON.stringify(request.messages.at(-1)))
      .map((text) => /run_meta:\d+/.exec(text.replaceAll('\\', ''))?.[0]);
    expect(seen).toEqual(['run_meta:1', 'run_meta:3']);
    expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toContain(idempotencyMetaKey);
  });

  it('sends no _meta key when the caller gave no idempotency key', async () => {
    const connection = await connectMcp(nodeServer('test', testServerEntry));
    open.push(connection);
    const meta = (await connection.tools()).find((tool) => tool.name.endsWith('meta'))!;
    const output = await meta.execute({}, toolContext());
    expect(JSON.stringify(output)).not.toContain(idempotencyMetaKey);
  });
});

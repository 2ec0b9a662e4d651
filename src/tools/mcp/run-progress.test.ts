import { afterAll, describe, expect, it } from 'vitest';
import type { McpLogRunEvent, RunEvent, ToolProgressEvent } from '../../core/events.js';
import { maxLogEvents, maxNoteChars, maxProgressEvents } from '../../kernel/tool-host/bounded-notes.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, runAskingServerEntry } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});

describe('progress and log notifications as run events', () => {
  it('a flood of 300 progress and log notifications adds a bounded number of events, streamed and stored', async () => {
    const connection = await connectMcp(nodeServer('shows', runAskingServerEntry), {
      handlers: { logLevel: 'debug' },
    });
    open.push(connection);
    const tools = await connection.tools();
    const model = new ScriptedModel([{ toolCalls: [{ name: 'flood', input: { n: 300 } }] }, { text: 'done' }]);
    const live: RunEvent[] = [];
    const runtime = createRuntime();
    const result = await runtime.run(defineAgent({ name: 'flooder', model, tools }), 'go', {
      onEvent: (event) => live.push(event),
    });
    expect(result.status).toBe('completed');
    const stored = await runtime.store.readEvents(result.runId);
    const progress = stored.filter((event): event is ToolProgressEvent => event.type === 'tool-progress');
    const call = stored.find((event) => event.type === 'tool-call') as { syscallId: string };
    expect(progress).toHaveLength(maxProgressEvents + 1);
    expect(progress.every((event) => event.syscallId === call.syscallId && event.toolName === 'flood')).toBe(true);
    expect(progress[0]).toMatchObject({ progress: 1, total: 300 });
    expect(progress[0]!.message!.length).toBeLessThan(maxNoteChars + 100); // the 5000-character message is cut
    expect(progress.at(-1)).toMatchObject({ progress: 300, total: 300, coalesced: 300 - maxProgressEvents - 1 });
    const logs = stored.filter((event): event is McpLogRunEvent => event.type === 'mcp-log');
    expect(logs).toHaveLength(maxLogEvents + 1);
    expect(logs[0]).toMatchObject({ server: 'shows', level: 'info', logger: 'flood', data: { i: 1 } });
    expect(logs.at(-1)).toMatchObject({ data: { i: 300 }, dropped: 300 - maxLogEvents - 1 });
    // Every stored event was streamed to onEvent as it happened; all come before the call's result.
    expect(live.filter((event) => event.type === 'tool-progress')).toHaveLength(maxProgressEvents + 1);
    const resultAt = stored.findIndex((event) => event.type === 'tool-result');
    expect(stored.findIndex((event) => event.type === 'tool-progress')).toBeLessThan(resultAt);
  }, 30_000);
});

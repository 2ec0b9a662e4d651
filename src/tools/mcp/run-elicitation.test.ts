import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, runAskingServerEntry } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-eli-'));
const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** A fresh server (its own effects file), like a new process would start after a crash. */
async function server(effects = join(dir, `effects-${files++}.txt`), variant?: string) {
  const args = variant === undefined ? [effects] : [effects, variant];
  const connection = await connectMcp(nodeServer('shows', runAskingServerEntry, args));
  open.push(connection);
  return { tools: await connection.tools(), effects, connection };
}
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
/** The model of a resumed run: its first turn (the tool call) is replayed from the log. */
const finish = () => new ScriptedModel([{ text: 'done' }]);
const bookThenDone = () =>
  new ScriptedModel([{ toolCalls: [{ name: 'book', input: { show: 'Hamlet' }, id: 'c1' }] }, { text: 'done' }]);

describe('elicitation as a durable pause', () => {
  it('pauses the run with a typed event, refuses a wrong answer, applies defaults, and re-issues the call once on resume', async () => {
    const runtime = createRuntime();
    const first = await server();
    const agent = defineAgent({ name: 'booker', model: bookThenDone(), tools: first.tools });
    const paused = await runtime.run(agent, 'book Hamlet');
    expect(paused.status).toBe('awaiting_approval');
    const events = await runtime.store.readEvents(paused.runId);
    const request = events.find((event) => event.type === 'elicitation-request');
    expect(request).toMatchObject({
      server: 'shows',
      toolName: 'book',
      mode: 'form',
      message: 'Who is the booking for (Hamlet)?',
      requestedSchema: { required: ['name'] },
    });
    const call = events.find((event) => event.type === 'tool-call')!;
    expect(request).toMatchObject({ syscallId: (call as { syscallId: string }).syscallId });
    expect(events.some((event) => event.type === 'tool-result' || event.type === 'tool-error')).toBe(false);
    expect(paused.approvalId).toBe((request as { elicitationId: string }).elicitationId);
    expect(lines(first.effects)).toEqual([]); // the server's "booked anyway" never reached the model or the world

    const [pending] = await runtime.elicitations.pending();
    expect(pending).toMatchObject({ runId: paused.runId, server: 'shows', toolName: 'book' });
    const id = pending!.elicitationId;
    await expect(runtime.resume(agent, paused.runId)).rejects.toMatchObject({ code: 'RUN_AWAITING_INPUT' });
    await expect(runtime.elicitations.answer(id, { action: 'accept', content: { seats: 20 } })).rejects.toMatchObject({
      code: 'ELICITATION_ANSWER_INVALID',
    });
    await expect(
      runtime.elicitations.answer(id, { action: 'accept', content: { name: 'Ada', seats: 20 } }),
    ).rejects.toThrow(/seats/);
    await expect(runtime.elicitations.answer(id, { action: 'maybe' } as never)).rejects.toThrow(
      /accept.*decline.*cancel/,
    );
    const answered = await runtime.elicitations.answer(
      id,
      { action: 'accept', content: { name: 'Ada' } },
      { by: 'ada' },
    );
    expect(answered.answer).toEqual({ action: 'accept', content: { name: 'Ada', seats: 2 } });
    await expect(runtime.elicitations.answer(id, { action: 'decline' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const second = await server(); // MCP servers are not durable: a fresh one is asked again
    const resumedAgent = defineAgent({ name: 'booker', model: finish(), tools: second.tools });
    const done = await runtime.resume(resumedAgent, paused.runId);
    expect(done.status).toBe('completed');
    expect(lines(second.effects)).toEqual([`${(call as { syscallId: string }).syscallId} Ada 2`]);
    const log = await runtime.store.readEvents(paused.runId);
    const result = log.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      output: 'booked 2 for Ada',
      labels: expect.arrayContaining(['source:user', 'elicitation:shows']),
    });
    expect(log.filter((event) => event.type === 'tool-call')).toHaveLength(1);
    expect(log.filter((event) => event.type === 'elicitation-request')).toHaveLength(1);
    expect(log.filter((event) => event.type === 'elicitation-response')).toMatchObject([
      { by: 'ada', content: { name: 'Ada', seats: 2 } },
    ]);
    expect(log.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
  }, 30_000);

  it('decline is an answer: the server hears it and the model reads what the server says', async () => {
    const runtime = createRuntime();
    const { tools, effects } = await server();
    const model = bookThenDone();
    const agent = defineAgent({ name: 'booker', model, tools });
    const paused = await runtime.run(agent, 'book');
    const [pending] = await runtime.elicitations.pending(paused.runId);
    await runtime.elicitations.answer(pending!.elicitationId, { action: 'decline' });
    const again = await server(effects);
    const done = await runtime.resume(
      defineAgent({ name: 'booker', model: finish(), tools: again.tools }),
      paused.runId,
    );
    expect(done.status).toBe('completed');
    const result = (await runtime.store.readEvents(paused.runId)).find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({ output: 'not booked (decline)' });
    expect(lines(effects)).toEqual([]);
  }, 30_000);

  it('an answer is served only to the question it answers: a server that asks otherwise on resume fails the call', async () => {
    const runtime = createRuntime();
    const { tools, effects } = await server();
    const paused = await runtime.run(defineAgent({ name: 'booker', model: bookThenDone(), tools }), 'book');
    const [pending] = await runtime.elicitations.pending(paused.runId);
    await runtime.elicitations.answer(pending!.elicitationId, { action: 'accept', content: { name: 'Ada' } });
    const changed = await server(effects, ' And pay now?');
    const done = await runtime.resume(
      defineAgent({ name: 'booker', model: finish(), tools: changed.tools }),
      paused.runId,
    );
    expect(done.status).toBe('completed');
    const error = (await runtime.store.readEvents(paused.runId)).find((event) => event.type === 'tool-error');
    expect(error).toMatchObject({ error: { code: 'MCP_TOOL_ERROR' } });
    expect(JSON.stringify(error)).toMatch(/asked a different question on resume/);
    expect(lines(effects)).toEqual([]);
  }, 30_000);

  it('URL mode pauses with the URL and takes an accept without content', async () => {
    const runtime = createRuntime();
    const { tools } = await server();
    const model = () => new ScriptedModel([{ toolCalls: [{ name: 'connect', input: {} }] }, { text: 'ok' }]);
    const paused = await runtime.run(defineAgent({ name: 'c', model: model(), tools }), 'connect');
    const [pending] = await runtime.elicitations.pending(paused.runId);
    expect(pending).toMatchObject({ mode: 'url', url: 'https://vendor.example/connect' });
    await runtime.elicitations.answer(pending!.elicitationId, { action: 'accept', content: { ignored: true } });
    const done = await runtime.resume(
      defineAgent({ name: 'c', model: model(), tools: (await server()).tools }),
      paused.runId,
    );
    const result = (await runtime.store.readEvents(done.runId)).find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({ output: 'connect: accept' });
  }, 30_000);

  it('onElicitation answers without pausing; its answer is checked and journaled; a wrong one fails the call', async () => {
    const runtime = createRuntime();
    const { tools, effects } = await server();
    const events: RunEvent[] = [];
    const asked: unknown[] = [];
    const done = await runtime.run(defineAgent({ name: 'booker', model: bookThenDone(), tools }), 'book', {
      onEvent: (event) => events.push(event),
      onElicitation: (question) => {
        asked.push(question);
        return { action: 'accept', content: { name: 'Bo', seats: 3 } };
      },
    });
    expect(done.status).toBe('completed');
    expect(asked).toMatchObject([{ server: 'shows', toolName: 'book', mode: 'form', runId: done.runId }]);
    expect(events.find((event) => event.type === 'elicitation-response')).toMatchObject({
      by: 'callback',
      content: { name: 'Bo', seats: 3 },
    });
    expect(lines(effects)).toHaveLength(1);

    const wrong = await runtime.run(defineAgent({ name: 'booker', model: bookThenDone(), tools }), 'book', {
      onElicitation: () => ({ action: 'accept', content: { name: '' } }),
    });
    expect(wrong.status).toBe('completed');
    const error = (await runtime.store.readEvents(wrong.runId)).find((event) => event.type === 'tool-error');
    expect(error).toMatchObject({ error: { code: 'MCP_TOOL_ERROR' } });
    expect(JSON.stringify(error)).toMatch(/ELICITATION|not accepted/);
    expect(lines(effects)).toHaveLength(1); // the server said "booked anyway"; nothing reached the model as success
  }, 30_000);

  it("two calls of one server in parallel: a question that cannot be attributed fails the calls, never the server's false success", async () => {
    const runtime = createRuntime();
    const { tools, effects } = await server();
    const model = new ScriptedModel([
      {
        toolCalls: [
          { name: 'book', input: { show: 'A' }, id: 'a' },
          { name: 'book', input: { show: 'B' }, id: 'b' },
        ],
      },
      { text: 'done' },
    ]);
    const done = await runtime.run(defineAgent({ name: 'booker', model, tools }), 'book two', {
      onElicitation: () => ({ action: 'accept', content: { name: 'X' } }),
    });
    const log = await runtime.store.readEvents(done.runId);
    // At least the call that was in flight beside another fails; none reports the server's false success.
    expect(log.filter((event) => event.type === 'tool-result' && event.output === 'booked anyway')).toEqual([]);
    expect(lines(effects).length).toBe(log.filter((event) => event.type === 'tool-result').length);
    const errors = log.filter((event) => event.type === 'tool-error');
    expect(JSON.stringify(errors)).toMatch(/several tool calls of this server are running/);
  }, 30_000);
});

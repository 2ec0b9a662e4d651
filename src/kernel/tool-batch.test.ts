import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { batch, policyOf } from './_test-kit.js';

/** A tool that finishes only when the test lets it. */
function gatedTool(name: string) {
  const started: unknown[] = [];
  const finished: unknown[] = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const tool = defineTool({
    name,
    description: name,
    input: z.object({ i: z.number() }),
    execute: async (input) => {
      started.push(input);
      await gate;
      finished.push(input);
      return { done: input.i };
    },
  });
  return { tool, started, finished, open: () => open() };
}

const askOnBook = policyOf(`
version: 1
default: allow
rules:
  - { id: big-booking, tool: book, ask: { args.i: { gte: 100 } } }
`);

/** Halt, ask and cancel stop a batch together, and every call that ran is journaled before the run ends. */
describe('batches stop together', () => {
  it('an ask starts no further calls, awaits the running ones and journals them; after approval none is in doubt', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const book = gatedTool('book');
    const steps = [batch(['book', { i: 1 }], ['book', { i: 100 }], ['book', { i: 2 }], ['book', { i: 3 }])];
    const agent = defineAgent({
      name: 'travel',
      model: new ScriptedModel(steps),
      tools: [book.tool],
      policy: askOnBook,
      maxParallelTools: 2,
    });
    const running = runtime.run(agent, 'book');
    await waitUntil(() => book.started.length === 1);
    book.open();
    const paused = await running;
    expect(paused.status).toBe('awaiting_approval');
    // The first call was running when the second asked: it finished and its result is in the log.
    expect(book.finished).toEqual([{ i: 1 }]);
    const log = await store.readEvents(paused.runId);
    expect(
      log.some(
        (event) => event.type === 'tool-result' && event.output && (event.output as { done: number }).done === 1,
      ),
    ).toBe(true);
    // No call after the ask started.
    expect(book.started).toEqual([{ i: 1 }]);

    await runtime.approvals.approve(paused.approvalId!);
    const events: RunEvent[] = [];
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'booked' }]) }, paused.runId, {
      onEvent: (event) => events.push(event),
    });
    expect(done.status).toBe('completed');
    expect(events.some((event) => event.type === 'tool-error' && event.error.code === 'TOOL_IN_DOUBT')).toBe(false);
    expect(book.finished.map((input) => (input as { i: number }).i).sort((a, b) => a - b)).toEqual([1, 2, 3, 100]);
  });

  it('cancel starts no further calls and journals the aborted ones; nothing is written after run-end', async () => {
    const store = new MemoryRunStore();
    const runtime = createRuntime({ store });
    const slow = gatedTool('book');
    const controller = new AbortController();
    const steps = [batch(['book', { i: 1 }], ['book', { i: 2 }], ['book', { i: 3 }])];
    const agent = defineAgent({
      name: 'travel',
      model: new ScriptedModel(steps),
      tools: [slow.tool],
      maxParallelTools: 1,
    });
    const running = runtime.run(agent, 'book', { signal: controller.signal });
    await waitUntil(() => slow.started.length === 1);
    controller.abort();
    const result = await running;
    slow.open();
    expect(result.status).toBe('cancelled');
    expect(slow.started).toHaveLength(1);
    const log = await store.readEvents(result.runId);
    expect(log.at(-1)?.type).toBe('run-end');
    expect(log.some((event) => event.type === 'tool-error' && event.error.code === 'RUN_CANCELLED')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.readEvents(result.runId)).at(-1)?.type).toBe('run-end');
  });

  it('the loop guard stopping the run stops the rest of the batch', async () => {
    const ping = gatedTool('ping');
    ping.open();
    const steps = [
      batch(['ping', { i: 1 }], ['ping', { i: 1 }], ['ping', { i: 1 }], ['ping', { i: 1 }], ['ping', { i: 1 }]),
    ];
    const agent = defineAgent({
      name: 'pinger',
      model: new ScriptedModel(steps),
      tools: [ping.tool],
      loopGuard: { repeats: 3, action: 'stop' },
      maxParallelTools: 1,
    });
    const result = await createRuntime().run(agent, 'ping');
    expect(result.status).toBe('halted');
    expect(ping.started).toHaveLength(2);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}

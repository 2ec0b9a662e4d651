import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import type { AppendOptions } from '../store/run-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { batch } from './_test-kit.js';

const cyclic = () => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};
const hostile: Record<string, () => unknown> = {
  bigint: () => ({ amount: 10n }),
  cycle: cyclic,
  'throwing toJSON': () => ({
    toJSON() {
      throw new Error('no JSON for you');
    },
  }),
};

/** A store that refuses the first `failures` writes, then works. */
class FlakyStore extends MemoryRunStore {
  constructor(private failures: number) {
    super();
  }
  override async append(runId: string, events: readonly RunEvent[], options?: AppendOptions): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('disk full');
    }
    return super.append(runId, events, options);
  }
}

/** Whatever a tool returns and whatever the store does, the run's log is never lost and run() never rejects. */
describe('never lose the log', () => {
  for (const [kind, output] of Object.entries(hostile)) {
    it(`a tool returning a ${kind} becomes a tool error the model reads; the run and its log survive`, async () => {
      const store = new MemoryRunStore();
      const tool = defineTool({ name: 'weird', description: 'weird', input: z.object({}), execute: output });
      const ok = defineTool({
        name: 'ok',
        description: 'ok',
        input: z.object({}),
        readOnly: true,
        execute: () => ({ fine: true }),
      });
      const model = new ScriptedModel([batch(['weird'], ['ok']), { text: 'done' }]);
      const agent = defineAgent({ name: 'a', model, tools: [tool, ok] });
      const result = await createRuntime({ store }).run(agent, 'go');
      expect(result.status).toBe('completed');
      expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toMatch(
        /TOOL_OUTPUT_UNENCODABLE|cannot be stored as JSON/,
      );
      const run = await store.getRun(result.runId);
      expect(run?.status).toBe('completed');
      const log = await store.readEvents(result.runId);
      expect(log.map((event) => event.type)).toContain('run-end');
      expect(log.find((event) => event.type === 'tool-result' && event.toolName === 'ok')).toBeDefined();
    });
  }

  it('a write that fails once loses no event: the next write carries it, in order', async () => {
    const store = new FlakyStore(1);
    const model = new ScriptedModel([{ text: 'hello' }]);
    const result = await createRuntime({ store }).run(defineAgent({ name: 'a', model }), 'hi');
    expect(result.status).toBe('completed');
    const log = await store.readEvents(result.runId);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, i) => i));
    expect(log[0]?.type).toBe('run-start');
    expect(log.at(-1)?.type).toBe('run-end');
  });

  it('a store that keeps failing ends the run as failed with the store error; run() still resolves', async () => {
    const store = new FlakyStore(100);
    const model = new ScriptedModel([{ text: 'hello' }]);
    const result = await createRuntime({ store }).run(defineAgent({ name: 'a', model }), 'hi');
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/disk full/);
  });

  it('the run record is durable before the first model call', async () => {
    const store = new MemoryRunStore();
    let seen: unknown;
    const model = new ScriptedModel([
      () => {
        seen = store.getRun('run_first');
        return { text: 'ok' };
      },
    ]);
    await createRuntime({ store }).run(defineAgent({ name: 'a', model }), 'hi', { runId: 'run_first' });
    expect(await seen).toMatchObject({ id: 'run_first', status: 'running' });
  });

  it('an onEvent listener that throws does not stop the run halfway through a call', async () => {
    const store = new MemoryRunStore();
    let executed = 0;
    const tool = defineTool({
      name: 'pay',
      description: 'pay',
      input: z.object({}),
      execute: () => {
        executed++;
        return { paid: true };
      },
    });
    const model = new ScriptedModel([batch(['pay']), { text: 'paid' }]);
    const result = await createRuntime({ store }).run(defineAgent({ name: 'a', model, tools: [tool] }), 'go', {
      onEvent: (event) => {
        if (event.type === 'tool-call') throw new Error('listener bug');
      },
    });
    expect(result.status).toBe('completed');
    expect(executed).toBe(1);
    const log = await store.readEvents(result.runId);
    expect(log.some((event) => event.type === 'tool-result')).toBe(true);
  });
});

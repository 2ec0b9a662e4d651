import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../core/clock.js';
import type { CodeEndEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { createQuickJsSandbox } from '../sandbox/quickjs/quickjs-sandbox.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { policyOf } from './_test-kit.js';
import type { CodeActionResult } from './agent-kernel.js';

const sandbox = createQuickJsSandbox();
afterAll(() => sandbox.close());

/** A strategy that runs the given code actions one after another and returns their results. */
function runs(...codes: string[]): Strategy {
  return {
    name: 'code-test',
    async run(_input, kernel) {
      const results: CodeActionResult[] = [];
      for (const code of codes) results.push(await kernel.runCode({ code, sandbox, limits: { timeoutMs: 2000 } }));
      return { text: JSON.stringify(results), output: results };
    },
  };
}

describe('code actions on resume', () => {
  function billing() {
    const executed = { charge: 0, wait: 0 };
    let hang = true;
    const charge = defineTool({
      name: 'charge',
      description: 'Charge',
      input: z.object({ amount: z.number() }),
      execute: ({ amount }) => {
        executed.charge++;
        return { charged: amount, n: executed.charge };
      },
    });
    const wait = defineTool({
      name: 'wait',
      description: 'Wait for settlement',
      input: z.object({}),
      readOnly: true,
      execute: () => {
        executed.wait++;
        return hang ? new Promise(() => {}) : 'settled';
      },
    });
    return { executed, tools: [charge, wait] as Tool[], stopHanging: () => (hang = false) };
  }
  const code =
    'const a = await tools.charge({ amount: 40 }); const r = Math.random(); const t = Date.now(); const b = await tools.wait({}); console.log(r); return { a, b, r, t };';

  async function crashInsideCode(store: MemoryRunStore, runId: string, strategy: Strategy) {
    const bill = billing();
    const clock = createManualClock(5_000);
    const agent = defineAgent({ name: 'coder', model: new ScriptedModel([]), tools: bill.tools, strategy });
    void createRuntime({ store, clock }).run(agent, 'go', { runId });
    await waitFor(() => bill.executed.wait === 1);
    // Both clock reads (at the start, after the charge) are durable before the crash.
    await waitFor(
      async () => (await store.readEvents(runId)).filter((event) => event.type === 'clock-read').length === 2,
    );
    await store.updateRun(runId, { ownerId: `${hostname()}:99999999:dead` });
    clock.advance(60_000);
    return { bill, agent, clock };
  }

  it('re-runs a code action cut off by a crash without repeating its side effect, with the same observation', async () => {
    const store = new MemoryRunStore();
    const { bill, agent, clock } = await crashInsideCode(store, 'run_code_crash', runs(code));
    bill.stopHanging();
    const second = createRuntime({ store, clock });
    expect(await second.recover()).toEqual(['run_code_crash']);
    const result = await second.resume(agent, 'run_code_crash');
    expect(result.status).toBe('completed');
    expect(bill.executed.charge).toBe(1);

    const reference = billing();
    reference.stopHanging();
    const fresh = await createRuntime({ store: new MemoryRunStore(), clock: createManualClock(5_000) }).run(
      { ...agent, tools: reference.tools },
      'go',
      { runId: 'run_code_crash' },
    );
    const [resumed] = result.output as unknown as CodeActionResult[];
    const [uninterrupted] = fresh.output as unknown as CodeActionResult[];
    expect(resumed!.value).toEqual(uninterrupted!.value);
    expect(resumed!.stdout).toBe(uninterrupted!.stdout);

    // Resuming the finished run's log again replays the ended action: no tool runs, the same observation.
    const log = await store.readEvents('run_code_crash');
    expect(log.filter((event) => event.type === 'code-end')).toHaveLength(1);
    expect((log.find((event) => event.type === 'code-end') as CodeEndEvent).value).toEqual(uninterrupted!.value);
  });

  it('replays an ended code action from the log without running it, re-entering its calls in the history', async () => {
    const store = new MemoryRunStore();
    const bill = billing();
    bill.stopHanging();
    const strategy = (hang: boolean): Strategy => ({
      name: 'code-test',
      async run(_input, kernel) {
        const first = await kernel.runCode({ code, sandbox });
        await kernel.callTools([{ toolCallId: 'after', toolName: 'wait', input: {} }], { origin: 'strategy' });
        if (hang) await new Promise(() => {});
        return { text: 'done', output: first as never };
      },
    });
    const tools = bill.tools;
    void createRuntime({ store }).run(
      defineAgent({ name: 'coder', model: new ScriptedModel([]), tools, strategy: strategy(true) }),
      'go',
      { runId: 'run_code_ended' },
    );
    const agent = defineAgent({ name: 'coder', model: new ScriptedModel([]), tools, strategy: strategy(false) });
    await waitFor(async () => (await store.readEvents('run_code_ended')).some((event) => event.type === 'code-end'));
    await store.updateRun('run_code_ended', { ownerId: `${hostname()}:99999999:dead` });
    const second = createRuntime({ store });
    await second.recover();
    const result = await second.resume(agent, 'run_code_ended');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(bill.executed.charge).toBe(1);
    expect((result.output as unknown as CodeActionResult).replayed).toBe(true);
    expect((result.output as unknown as CodeActionResult).value).toMatchObject({ a: { charged: 40, n: 1 } });
  });

  it('suspends the run when a call from code needs a human, and runs the approved call once on resume', async () => {
    const store = new MemoryRunStore();
    const bill = billing();
    bill.stopHanging();
    const policy = policyOf(
      'version: 1\ndefault: allow\nrules:\n  - id: charges-need-a-human\n    tool: charge\n    ask: true\n',
    );
    const agent = defineAgent({
      name: 'coder',
      model: new ScriptedModel([]),
      tools: bill.tools,
      strategy: runs(code),
      policy,
    });
    const runtime = createRuntime({ store });
    const paused = await runtime.run(agent, 'go', { runId: 'run_code_ask' });
    expect(paused.status).toBe('awaiting_approval');
    expect(bill.executed.charge).toBe(0);
    expect((await store.readEvents('run_code_ask')).some((event) => event.type === 'code-end')).toBe(false);
    await runtime.approvals.approve(paused.approvalId!, { by: 'ops' });
    const done = await runtime.resume(agent, 'run_code_ask');
    expect(done.status).toBe('completed');
    expect(bill.executed.charge).toBe(1);
    expect((done.output as unknown as CodeActionResult[])[0]!.value).toMatchObject({ a: { charged: 40 } });
  });

  it('refuses to resume when the code at the same syscall changed (fingerprint of the code)', async () => {
    const store = new MemoryRunStore();
    const { bill, agent } = await crashInsideCode(store, 'run_code_changed', runs(code));
    bill.stopHanging();
    const second = createRuntime({ store });
    await second.recover();
    const changed = { ...agent, strategy: runs(code.replace('amount: 40', 'amount: 4000')) };
    const result = await second.resume(changed, 'run_code_changed');
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('REPLAY_DIVERGENCE');
    expect(bill.executed.charge).toBe(1);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => (i < 200 ? setImmediate(resolve) : setTimeout(resolve, 5)));
  }
  throw new Error('condition never held');
}

import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { batch, effectTool } from './_test-kit.js';
import { ReplayDivergenceError } from '../core/errors/run-errors.js';
import { fingerprintOf } from './fingerprint.js';
import { verifyReplay } from './replay.js';

/** A store whose log a test can tamper with, as someone editing the database would. */
class EditableStore extends MemoryRunStore {
  edit: ((events: RunEvent[]) => void) | undefined;
  override async readEvents(runId: string, options?: { afterSeq?: number; limit?: number }): Promise<RunEvent[]> {
    const events = await super.readEvents(runId, options);
    this.edit?.(events);
    return events;
  }
}

/** A run whose process died: its log stays, its owner is gone. */
async function interrupt(store: MemoryRunStore, runId: string) {
  await store.updateRun(runId, { status: 'running', ownerId: `${hostname()}:99999999:dead` });
}

/** Replay answers a syscall only with what was recorded for the same question. */
describe('verified replay', () => {
  async function crashedRun() {
    const store = new EditableStore();
    const send = effectTool('send');
    const read = effectTool('read', { readOnly: true });
    const model = new ScriptedModel([
      batch(['read', { what: 'inbox' }]),
      batch(['send', { to: 'a' }]),
      { error: new Error('process died here') },
    ]);
    const agent = defineAgent({ name: 'mail', model, tools: [read.tool, send.tool] });
    const result = await createRuntime({ store }).run(agent, 'go', { runId: 'run_r' });
    expect(result.status).toBe('failed');
    await interrupt(store, 'run_r');
    return { store, send, read, agent };
  }

  it('resuming with the same agent replays every recorded call and repeats no side effect', async () => {
    const { store, send, agent } = await crashedRun();
    const runtime = createRuntime({ store });
    await runtime.recover();
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'sent' }]) }, 'run_r');
    expect(done.status).toBe('completed');
    expect(send.calls).toHaveLength(1);
  });

  it('a different tool input at a recorded position is a ReplayDivergenceError naming the syscall', async () => {
    const { store, agent } = await crashedRun();
    // Someone edits the recorded model answer: the strategy now asks for another call at the same syscall id.
    store.edit = (events) => {
      const response = events.find(
        (event) => event.type === 'model-response' && JSON.stringify(event.content).includes('inbox'),
      );
      if (response)
        (response as { content: unknown }).content = [
          { type: 'tool-call', toolCallId: 'x', toolName: 'read', input: { what: 'secrets' } },
        ];
    };
    const runtime = createRuntime({ store });
    await runtime.recover();
    const result = await runtime.resume({ ...agent, model: new ScriptedModel([{ text: 'x' }]) }, 'run_r');
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
    expect(result.error?.message).toMatch(/run_r:1/);
  });

  it('resuming with another model is a divergence, not a silent reuse of its answers', async () => {
    const { store, agent } = await crashedRun();
    const runtime = createRuntime({ store });
    await runtime.recover();
    const other = new ScriptedModel([{ text: 'x' }], { provider: 'other', modelId: 'm' });
    const result = await runtime.resume({ ...agent, model: other }, 'run_r');
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
    expect(other.requests).toHaveLength(0);
  });

  it('resuming with other instructions (another request) is a divergence', async () => {
    const { store, agent } = await crashedRun();
    const runtime = createRuntime({ store });
    await runtime.recover();
    const result = await runtime.resume(
      { ...agent, instructions: 'Be evil.', model: new ScriptedModel([{ text: 'x' }]) },
      'run_r',
    );
    expect(result.error).toMatchObject({ code: 'REPLAY_DIVERGENCE' });
  });

  it('the clock and randomness a strategy reads replay to the same values', async () => {
    const store = new MemoryRunStore();
    const seen: Array<[number, number]> = [];
    let fail = true;
    const strategy: Strategy = {
      name: 'clocked',
      async run(_input, kernel) {
        const branch = kernel.scope('branch-1');
        seen.push([kernel.now(), branch.random()]);
        await kernel.generate({ messages: [{ role: 'user', content: 'x' }] });
        if (fail) throw new Error('crash');
        return { text: 'ok', output: 'ok' };
      },
    };
    let now = 1_000;
    const clock = { now: () => now++ };
    const agent = defineAgent({ name: 'c', model: new ScriptedModel([{ text: '1' }]), strategy });
    await createRuntime({ store, clock }).run(agent, 'go', { runId: 'run_c' });
    await interrupt(store, 'run_c');
    fail = false;
    now = 9_000_000;
    const runtime = createRuntime({ store, clock });
    await runtime.recover();
    const done = await runtime.resume({ ...agent, model: new ScriptedModel([]) }, 'run_c');
    expect(done.status).toBe('completed');
    expect(seen[1]).toEqual(seen[0]);
  });

  it('concurrent scopes get ids of their own, so interleaving does not change what replays where', async () => {
    const events: RunEvent[] = [];
    const strategy: Strategy = {
      name: 'branches',
      async run(_input, kernel) {
        const [a, b] = [kernel.scope('a'), kernel.scope('b')];
        await Promise.all([
          b.generate({ messages: [{ role: 'user', content: 'b' }], purpose: 'value' }),
          a.generate({ messages: [{ role: 'user', content: 'a' }], purpose: 'value' }),
        ]);
        return { text: '', output: '' };
      },
    };
    const model = new ScriptedModel([{ text: '1' }, { text: '2' }]);
    await createRuntime().run(defineAgent({ name: 's', model, strategy }), 'go', {
      runId: 'run_s',
      onEvent: (event) => events.push(event),
    });
    const ids = events.flatMap((event) => (event.type === 'model-request' ? [event.syscallId] : [])).sort();
    expect(ids).toEqual(['run_s/a:0', 'run_s/b:0']);
  });

  it('a log written by a newer event schema is refused with a clear error, before anything runs', async () => {
    const store = new EditableStore();
    const agent = defineAgent({ name: 'n', model: new ScriptedModel([{ error: new Error('boom') }]) });
    await createRuntime({ store }).run(agent, 'go', { runId: 'run_n' });
    store.edit = (events) => {
      (events[0] as { schemaVersion?: number }).schemaVersion = 99;
    };
    await interrupt(store, 'run_n');
    const runtime = createRuntime({ store });
    await runtime.recover();
    await expect(runtime.resume(agent, 'run_n')).rejects.toMatchObject({ code: 'EVENT_SCHEMA_TOO_NEW' });
  });
});

describe('verifyReplay across fingerprint algorithms', () => {
  const current = fingerprintOf('tool', 'send', { to: 'a' });

  it('refuses the same subject with another input, and another subject', () => {
    expect(() =>
      verifyReplay(
        'r:1',
        { subject: 'send', fingerprint: current },
        { subject: 'send', fingerprint: fingerprintOf('tool', 'send', { to: 'b' }) },
      ),
    ).toThrow(ReplayDivergenceError);
    expect(() =>
      verifyReplay('r:1', { subject: 'send', fingerprint: current }, { subject: 'read', fingerprint: current }),
    ).toThrow(ReplayDivergenceError);
  });

  it('compares only the subject when the log holds a fingerprint of an older algorithm', () => {
    const older = '0cbxpgf07suvjs';
    expect(() =>
      verifyReplay('r:1', { subject: 'send', fingerprint: older }, { subject: 'send', fingerprint: current }),
    ).not.toThrow();
    expect(() =>
      verifyReplay('r:1', { subject: 'send', fingerprint: older }, { subject: 'read', fingerprint: current }),
    ).toThrow(ReplayDivergenceError);
  });
});

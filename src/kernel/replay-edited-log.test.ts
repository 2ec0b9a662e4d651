import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/events.js';
import { definePolicy } from '../policy/define-policy.js';
import { type Agent, defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { ScriptedModel } from '../testing/scripted-model.js';

import { EditableStore, keyedEffect, interrupt } from './_replay-kit.js';

describe('a hand-edited log', () => {
  async function storedRun() {
    const store = new EditableStore();
    const send = keyedEffect('send');
    const model = new ScriptedModel([
      { toolCalls: [{ name: 'send', input: { to: 'a' } }] },
      { toolCalls: [{ name: 'send', input: { to: 'b' } }] },
      { error: new Error('died') },
    ]);
    const agent = defineAgent({ name: 'mail', model, tools: [send.tool] });
    await createRuntime({ store }).run(agent, 'go', { runId: 'run_e' });
    await interrupt(store, 'run_e');
    expect(send.keys).toHaveLength(2);
    return { store, send, agent };
  }
  const fresh = (agent: Agent<any>) => ({ ...agent, model: new ScriptedModel([{ text: 'done' }]) });

  it.each([
    [
      'an event of unknown type',
      (events: RunEvent[]) => {
        (events[2] as { type: string }).type = 'tool-exploded';
      },
      'EVENT_INVALID',
    ],
    [
      'a run-start with schemaVersion 999',
      (events: RunEvent[]) => {
        (events[0] as { schemaVersion?: number }).schemaVersion = 999;
      },
      'EVENT_SCHEMA_TOO_NEW',
    ],
    [
      'a run-start with schemaVersion "999" (a string)',
      (events: RunEvent[]) => {
        (events[0] as { schemaVersion?: unknown }).schemaVersion = '999';
      },
      'EVENT_SCHEMA_TOO_NEW',
    ],
    [
      'events out of order',
      (events: RunEvent[]) => {
        [events[3], events[4]] = [events[4]!, events[3]!];
      },
      'EVENT_INVALID',
    ],
    [
      'a tool-call without its syscall id',
      (events: RunEvent[]) =>
        void delete (events.find((e) => e.type === 'tool-call') as { syscallId?: string }).syscallId,
      'EVENT_INVALID',
    ],
  ])('%s: a clear typed error, nothing executed', async (_name, edit, code) => {
    const { store, send, agent } = await storedRun();
    store.edit = (events) => void edit(events);
    const model = new ScriptedModel([{ text: 'done' }]);
    await expect(createRuntime({ store }).resume({ ...agent, model }, 'run_e')).rejects.toMatchObject({ code });
    expect(send.keys).toHaveLength(2);
    expect(model.requests).toHaveLength(0);
    expect((await store.getRun('run_e'))?.status).toBe('interrupted');
  });

  it('a run-start with a schemaVersion that is not a number is refused, not read as schema 1', async () => {
    const { store, send, agent } = await storedRun();
    store.edit = (events) => {
      (events[0] as { schemaVersion?: unknown }).schemaVersion = 'v999';
      return undefined;
    };
    await expect(createRuntime({ store }).resume(fresh(agent), 'run_e')).rejects.toMatchObject({
      code: expect.stringMatching(/EVENT_SCHEMA_TOO_NEW|EVENT_INVALID/),
    });
    expect(send.keys).toHaveLength(2);
  });

  it('a log whose run-start was deleted is damaged: refused, not started over from the input with the old calls', async () => {
    const { store, send, agent } = await storedRun();
    store.edit = (events) => events.filter((e) => e.type !== 'run-start');
    const model = new ScriptedModel([{ text: 'done' }]);
    // Resumed under another policy: the recorded authority is gone with run-start, so nothing refuses it.
    const policy = definePolicy({ default: 'allow' });
    await expect(createRuntime({ store }).resume({ ...agent, model, policy }, 'run_e')).rejects.toMatchObject({
      code: expect.stringMatching(/EVENT_INVALID|RUN_POLICY_CHANGED/),
    });
    expect(send.keys).toHaveLength(2);
  });

  it('a missing event (a gap in seq: the tool-result of a send deleted) is refused or left in doubt, never sent again', async () => {
    const { store, send, agent } = await storedRun();
    store.edit = (events) => events.filter((e) => !(e.type === 'tool-result' && e.syscallId === 'run_e:1'));
    const resumed = createRuntime({ store })
      .resume(fresh(agent), 'run_e')
      .then(
        (r) => r,
        (error: { code?: string }) => ({ status: 'refused', error }),
      );
    const result = await resumed;
    expect(send.keys).toHaveLength(2);
    // A clear typed error (the log is damaged, or the in-doubt send changes what the next recorded call asked).
    expect(result.error).toMatchObject({ code: expect.stringMatching(/EVENT_INVALID|REPLAY_DIVERGENCE/) });
  });

  it('a tool-result without its tool-call is damaged: a typed error, not a result replayed for whatever is asked there', async () => {
    const { store, send, agent } = await storedRun();
    // The intent of run_e:1 deleted, and the model's recorded answer edited to ask another tool there.
    const wipe = keyedEffect('wipe');
    store.edit = (events) =>
      events
        .filter((e) => !(e.type === 'tool-call' && e.syscallId === 'run_e:1'))
        .map((e) =>
          e.type === 'model-response' && e.syscallId === 'run_e:0'
            ? ({
                ...e,
                content: [{ type: 'tool-call', toolCallId: 'x', toolName: 'wipe', input: { all: true } }],
              } as RunEvent)
            : e,
        );
    const model = new ScriptedModel([{ text: 'done' }, { text: 'done' }]);
    const outcome = await createRuntime({ store })
      .resume({ ...agent, model, tools: [send.tool, wipe.tool] }, 'run_e')
      .then(
        (r) => ({ code: r.error?.code, status: r.status }),
        (error: { code?: string }) => ({ code: error.code, status: 'refused' }),
      );
    expect(send.keys).toHaveLength(2);
    // Either the damaged log is refused, or the replay notices another tool asks at run_e:1.
    expect(outcome.code).toMatch(/EVENT_INVALID|REPLAY_DIVERGENCE/);
  });

  it('two outcomes for one syscall (a duplicated, forged tool-result) are refused, not fed to the model', async () => {
    const { store, agent } = await storedRun();
    store.edit = (events) => {
      const result = events.find((e) => e.type === 'tool-result')!;
      const last = events.at(-1)!.seq;
      return [...events, { ...result, seq: last + 1, output: { ok: false, forged: true } } as RunEvent];
    };
    const model = new ScriptedModel([{ text: 'done' }]);
    const outcome = await createRuntime({ store })
      .resume({ ...agent, model }, 'run_e')
      .then(
        (r) => r.error?.code,
        (error: { code?: string }) => error.code,
      );
    expect(outcome).toMatch(/EVENT_INVALID|REPLAY_DIVERGENCE/);
    expect(JSON.stringify(model.requests)).not.toMatch(/forged/);
  });
});

// ─── 3. a crash at every point of a run: each side effect once (or in doubt), no divergence ─────────────────

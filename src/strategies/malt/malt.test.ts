import { describe, expect, it } from 'vitest';
import { showRun } from '../../cli/commands/runs.js';
import { exportRuns } from '../../cli/commands/runs.js';
import { memoryIO } from '../../cli/io.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { toRoleTrajectories } from '../../runtime/role-trajectory.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import { malt, parseVerdict } from './malt.js';

async function run(script: ScriptedStep[], rounds?: number) {
  const store = new MemoryRunStore();
  const model = new ScriptedModel(script);
  const agent = defineAgent({ name: 'malt', model, strategy: malt(rounds === undefined ? {} : { rounds }) });
  const result = await createRuntime({ store }).run(agent, 'What is 17 * 3?', { runId: 'run_malt' });
  return { result, store, model, events: await store.readEvents('run_malt') };
}

describe('generator → verifier → refiner (MALT)', () => {
  it('refines from the critique until the verifier accepts, and labels every role turn', async () => {
    const { result, events, model } = await run([
      { text: '41' },
      { text: '{"ok": false, "critique": "17 * 3 is not 41"}' },
      { text: '51' },
      { text: '{"ok": true}' },
    ]);
    expect(result.output).toEqual({ answer: '51', accepted: true, rounds: 2 });
    const purposes = events.flatMap((e) => (e.type === 'model-request' ? [e.purpose] : []));
    expect(purposes).toEqual(['generate', 'verify', 'refine', 'verify']);
    // The refiner read the critique.
    expect(JSON.stringify(model.requests[2]?.messages)).toMatch(/17 \* 3 is not 41/);
    const examples = toRoleTrajectories(events);
    expect(examples.map((e) => [e.metadata.role, e.metadata.round, e.metadata.label])).toEqual([
      ['generator', 0, 'rejected'],
      ['verifier', 0, 'rejected'],
      ['refiner', 1, 'accepted'],
      ['verifier', 1, 'accepted'],
    ]);
    expect(examples.every((e) => e.metadata.outcome === 'accepted' && e.metadata.simulated)).toBe(true);
    expect(examples[2]?.messages.at(-1)).toEqual({ role: 'assistant', content: '51' });
    expect(examples[0]?.messages[0]).toMatchObject({ role: 'system', content: expect.stringMatching(/generator/) });
  });

  it('stops after its rounds with the last answer, not accepted', async () => {
    const no = { text: '{"ok": false, "critique": "wrong"}' };
    const { result, events } = await run([{ text: '1' }, no, { text: '2' }, no], 1);
    expect(result.output).toEqual({ answer: '2', accepted: false, rounds: 2 });
    expect(toRoleTrajectories(events).every((e) => e.metadata.outcome === 'rejected')).toBe(true);
  });

  it('reads a verifier that gives no verdict as a rejection quoting it', () => {
    expect(parseVerdict('looks fine to me')).toEqual({
      ok: false,
      critique: 'The verifier did not give a verdict: looks fine to me',
    });
    expect(parseVerdict('```json\n{"ok": true}\n```')).toEqual({ ok: true, critique: '' });
  });

  it('exports per-role examples from the CLI', async () => {
    const { store } = await run([{ text: '51' }, { text: '{"ok": true}' }]);
    const io = memoryIO();
    expect(await exportRuns(store, io, 'run_malt', { format: 'roles' })).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.metadata.role)).toEqual(['generator', 'verifier']);
    const shown = memoryIO();
    await showRun(store, shown, 'run_malt', {});
    expect(shown.out()).toMatch(/strategy-record\s+role-turn/);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../../core/events.js';
import { definePolicy } from '../../policy/define-policy.js';
import { createActorFactory } from '../../runtime/actor-factory.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import { defineTool } from '../../tools/define-tool.js';
import type { ProgressItem } from './progress-list.js';
import { orchestrator } from './orchestrator.js';

function world() {
  const written: string[] = [];
  const fetch = defineTool({
    name: 'fetch',
    description: 'Fetch the data',
    input: z.object({}),
    readOnly: true,
    execute: () => 'rows: 3',
  });
  const write = defineTool({
    name: 'write',
    description: 'Write the report',
    input: z.object({ text: z.string() }),
    execute: ({ text }) => {
      written.push(text);
      return 'written';
    },
  });
  return { written, tools: [fetch, write] };
}

const tasks = (...list: Array<[string, string, string[]]>) =>
  JSON.stringify({ tasks: list.map(([task, role, tools]) => ({ task, role, tools })) });

async function run(planner: ScriptedStep[], actors: ScriptedStep[], policy = definePolicy({ default: 'allow' })) {
  const { written, tools } = world();
  const store = new MemoryRunStore();
  const runtime = createRuntime({ store });
  const agent = defineAgent({
    name: 'boss',
    model: new ScriptedModel(planner),
    tools,
    policy,
    strategy: orchestrator({ createActor: createActorFactory({ model: new ScriptedModel(actors), tools }) }),
  });
  const result = await runtime.run(agent, 'Write the quarterly report', { runId: 'run_boss' });
  const events = await store.readEvents('run_boss');
  const children = await store.listRuns({ parentRunId: 'run_boss', limit: 10 });
  const childEvents = await Promise.all(children.map((child) => store.readEvents(child.id)));
  return { result, events, written, children, childEvents };
}

const lastProgress = (events: RunEvent[]) => {
  const records = events.filter((e) => e.type === 'strategy-record' && e.kind === 'progress');
  return (records.at(-1) as { data: { items: ProgressItem[] } } | undefined)?.data.items ?? [];
};

describe('orchestrator (planner + actor factory + shared progress list)', () => {
  it('runs actors with only the tools they need, and replans when one stalls', async () => {
    const { result, events, written, children, childEvents } = await run(
      [
        { text: tasks(['fetch the data', 'fetcher', ['fetch']], ['write the report', 'writer', ['write']]) },
        { text: tasks(['write a short report', 'writer', ['write']]) },
      ],
      [
        { toolCalls: [{ name: 'fetch', input: {} }] },
        { text: 'fetched 3 rows' },
        { text: 'STALLED: there is no template' },
        { toolCalls: [{ name: 'write', input: { text: 'Q3: 3 rows' } }] },
        { text: 'report written' },
      ],
    );
    expect(result.status).toBe('completed');
    expect(result.output).toMatchObject({ replans: 1, reached: true });
    expect(written).toEqual(['Q3: 3 rows']);
    expect(lastProgress(events).map((item) => [item.task, item.status])).toEqual([
      ['fetch the data', 'done'],
      ['write the report', 'stalled'],
      ['write a short report', 'done'],
    ]);
    expect(events.filter((e) => e.type === 'agent-spawn')).toHaveLength(3);
    // Each actor's run saw only its own tools.
    const toolsOf = (log: RunEvent[]) => (log.find((e) => e.type === 'run-start') as { tools: string[] }).tools;
    expect(children.map((child) => child.agent).sort()).toEqual(['actor-fetcher', 'actor-writer', 'actor-writer']);
    expect(childEvents.map(toolsOf).sort()).toEqual([['fetch'], ['write'], ['write']]);
    expect(
      events.filter((e) => e.type === 'model-request').every((e) => e.type === 'model-request' && e.purpose === 'plan'),
    ).toBe(true);
  });

  it('refuses a plan that would give an actor a tool the parent does not have', async () => {
    const { result, children } = await run([{ text: tasks(['wipe the disk', 'admin', ['shell']]) }], []);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('orchestrator_plan');
    expect(result.error?.message).toMatch(/asks for tools the parent does not have \(shell\)/);
    expect(children).toHaveLength(0);
  });

  it("an actor runs under the parent's policy too: what the parent may not do, no actor does", async () => {
    const policy = definePolicy({ default: 'allow', rules: [{ id: 'no-writes', tool: 'write', deny: true }] });
    const { written, childEvents, result } = await run(
      [{ text: tasks(['write the report', 'writer', ['write']]) }, { text: tasks() }],
      [{ toolCalls: [{ name: 'write', input: { text: 'x' } }] }, { text: 'STALLED: writing was denied' }],
      policy,
    );
    expect(written).toEqual([]);
    expect(result.output).toMatchObject({ reached: false });
    const denied = childEvents.flat().filter((e) => e.type === 'policy-decision' && e.decision === 'deny');
    expect(denied.map((e) => e.type === 'policy-decision' && e.ruleId)).toEqual(['no-writes']);
  });
});

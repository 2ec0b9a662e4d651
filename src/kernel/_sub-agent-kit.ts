import { expect } from 'vitest';
import { z } from 'zod';
import { type Agent, defineAgent } from '../runtime/define-agent.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';

/*
 * What the sub-agent tests (sub-agent-*.test.ts) share. They attack the kernel's promises about sub-agents,
 * approvals and resume (docs/kernel.md, "Sub-agents are scopes of one authority", "Authority and the log";
 * docs/policy.md, "Composition") on chains and trees. Agents keep their ScriptedModel across a resume: replayed
 * calls never reach the model, so each model plays on from the first turn that was not recorded.
 */

export const delegate = (agent: string, task = 'do it'): ScriptedStep => ({
  toolCalls: [{ name: agent, input: { input: task } }],
});

export function agent(
  name: string,
  steps: ScriptedStep[],
  tools: Array<Tool | Agent<any>>,
  extra: Partial<Parameters<typeof defineAgent>[0]> = {},
) {
  const model = new ScriptedModel(steps);
  return { model, agent: defineAgent({ name, model, tools, loopGuard: false, ...extra }) as Agent<any> };
}

export function fresh() {
  const store = new MemoryRunStore();
  const runtime = createRuntime({ store });
  return { store, runtime };
}

export async function allRuns(runtime: Runtime) {
  return runtime.store.listRuns({ limit: 1000 });
}

/** Every run in the store: nothing after its `run-end`, and at most one `run-end`. */
export async function expectNothingAfterRunEnd(runtime: Runtime) {
  for (const run of await allRuns(runtime)) {
    const events = await runtime.store.readEvents(run.id);
    const ends = events.flatMap((event, i) => (event.type === 'run-end' ? [i] : []));
    expect(ends.length, `run ${run.id} (${run.agent}) has ${ends.length} run-end events`).toBeLessThanOrEqual(1);
    if (ends.length === 1) {
      const after = events.slice(ends[0]! + 1).map((event) => event.type);
      expect(after, `run ${run.id} (${run.agent}) wrote after run-end`).toEqual([]);
    }
  }
}

export const askRefund = `
version: 1
default: allow
rules:
  - { id: refunds-need-a-human, tool: refund, ask: {} }
`;

export const clerk = { id: 'cleo', roles: ['clerk'] };

/**
 * A side-effecting tool that runs until the test releases it (or never returns, when `hang` says so for that
 * call): `firstStart` resolves when it is first called, `firstFinish` when a call first returns.
 */
export function gatedTool(name: string, hang: (n: number) => boolean = () => false) {
  const started: unknown[] = [];
  const finished: unknown[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let startedOnce!: () => void;
  const firstStart = new Promise<void>((resolve) => {
    startedOnce = resolve;
  });
  let finishedOnce!: () => void;
  const firstFinish = new Promise<void>((resolve) => {
    finishedOnce = resolve;
  });
  const tool = defineTool({
    name,
    description: `The gated ${name} tool`,
    input: z.object({}).passthrough(),
    execute: async (input) => {
      started.push(input);
      startedOnce();
      if (hang(started.length)) await new Promise(() => {});
      await gate;
      finished.push(input);
      finishedOnce();
      return { ok: true, n: finished.length };
    },
  });
  return { tool: tool as Tool, started, finished, firstStart, firstFinish, release };
}

export const parallel = (...agents: string[]): ScriptedStep => ({
  toolCalls: agents.map((name) => ({ name, input: { input: `task for ${name}` } })),
});

import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/events.js';
import type { LanguageModel } from '../models/language-model.js';
import { definePolicy } from '../policy/define-policy.js';
import { createActorFactory } from '../runtime/actor-factory.js';
import { type Agent, defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { orchestrator } from '../strategies/orchestrator/orchestrator.js';
import { malt } from '../strategies/malt/malt.js';
import { planExecute } from '../strategies/plan-execute/plan-execute.js';
import { astar } from '../strategies/search/astar.js';
import { bestFirst } from '../strategies/search/best-first.js';
import { mcts } from '../strategies/search/mcts.js';
import { PlanningEnvironment, resetTool } from '../eval/planning/planning-environment.js';
import { planningTools } from '../eval/planning/planning-toolkit.js';
import { SimulatedProposer } from '../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../eval/planning/tool-graph.js';

import { FnModel, turns, keyedEffect, recorder, storeAtCrash, effectsIn } from './_replay-kit.js';

interface Scenario {
  runId: string;
  /** A fresh agent (fresh tools and models, the same answers) and the executions its side effects made. */
  make: () => {
    agent: Agent<any>;
    effects: Array<{ keys: string[]; retrySafe: boolean }>;
    check?: (g: number) => void;
  };
  /** At most this many crash points, evenly spread (the machine is small). */
  points?: number;
}

async function crashEverywhere({ runId, make, points = 60 }: Scenario) {
  const live = new MemoryRunStore();
  const rec = recorder();
  const liveRun = make();
  const result = await createRuntime({ store: live }).run(liveRun.agent, 'go', { runId, onEvent: rec.onEvent });
  expect(result.status).toBe('completed');
  const rootEnd = rec.all.findIndex((e) => e.runId === runId && e.type === 'run-end');
  const failures: string[] = [];
  const stride = Math.max(1, Math.ceil(rootEnd / points));
  for (let g = 1; g < rootEnd; g += stride) {
    const store = await storeAtCrash(live, rec.all, g);
    const { intents, outcomes } = effectsIn(rec.all.slice(0, g));
    const again = make();
    const where = `crash after event ${g} (${rec.all[g - 1]!.runId}#${rec.all[g - 1]!.seq} ${rec.all[g - 1]!.type})`;
    let resumed: Awaited<ReturnType<ReturnType<typeof createRuntime>['resume']>> | undefined;
    try {
      resumed = await createRuntime({ store }).resume(again.agent, runId);
    } catch (error) {
      failures.push(`${where}: resume threw ${(error as { code?: string }).code}: ${(error as Error).message}`);
      continue;
    }
    if (resumed.status !== 'completed') {
      failures.push(`${where}: ${resumed.status} ${resumed.error?.code}: ${resumed.error?.message}`);
    }
    for (const effect of again.effects) {
      for (const key of effect.keys) {
        if (outcomes.has(key)) failures.push(`${where}: ${key} had a recorded outcome and ran again`);
        else if (intents.has(key) && !effect.retrySafe) failures.push(`${where}: ${key} was in doubt and ran again`);
      }
    }
  }
  expect(failures).toEqual([]);
}

describe('a crash at every point, then resume', () => {
  it('react with a parallel batch of side effects', async () => {
    await crashEverywhere({
      runId: 'run_batch',
      make: () => {
        const pay = keyedEffect('pay');
        const read = keyedEffect('read', { readOnly: true });
        const model = new FnModel((r) => {
          const t = turns(r);
          if (t === 0)
            return {
              calls: [
                ['pay', { to: 'a' }],
                ['read', {}],
                ['pay', { to: 'b' }],
                ['pay', { to: 'c' }],
              ],
            };
          if (t === 1) return { calls: [['pay', { to: 'd' }]] };
          return { text: 'paid' };
        });
        return {
          agent: defineAgent({ name: 'payer', model, tools: [pay.tool, read.tool], maxParallelTools: 3 }),
          effects: [
            { keys: pay.keys, retrySafe: false },
            { keys: read.keys, retrySafe: true },
          ],
        };
      },
    });
  });

  it('a sub-agent (an agent as a tool) whose side effect runs inside the child run', async () => {
    await crashEverywhere({
      runId: 'run_parent',
      make: () => {
        const charge = keyedEffect('charge');
        const childModel = new FnModel((r) =>
          turns(r) === 0 ? { calls: [['charge', { cents: 5 }]] } : { text: 'charged' },
        );
        const helper = defineAgent({
          name: 'helper',
          description: 'Charges the card',
          model: childModel,
          tools: [charge.tool],
        });
        const model = new FnModel((r) =>
          turns(r) === 0 ? { calls: [['helper', { input: 'charge 5' }]] } : { text: 'done' },
        );
        return {
          agent: defineAgent({ name: 'parent', model, tools: [helper] }),
          effects: [{ keys: charge.keys, retrySafe: false }],
        };
      },
    });
  });

  it('the orchestrator, its actors spawned by the strategy', async () => {
    await crashEverywhere({
      runId: 'run_boss',
      points: 40,
      make: () => {
        const write = keyedEffect('write');
        const fetch = keyedEffect('fetch', { readOnly: true });
        const planner = new FnModel(() => ({
          text: JSON.stringify({
            tasks: [
              { task: 'fetch the rows', role: 'reader', tools: ['fetch'] },
              { task: 'write the report', role: 'writer', tools: ['write'] },
            ],
          }),
        }));
        const actorModel = new FnModel((r) => {
          if (turns(r) > 0) return { text: 'done' };
          const text = JSON.stringify(r.messages);
          return text.includes('write the report') ? { calls: [['write', { text: 'r' }]] } : { calls: [['fetch', {}]] };
        });
        const tools = [fetch.tool, write.tool];
        return {
          agent: defineAgent({
            name: 'boss',
            model: planner,
            tools,
            policy: definePolicy({ default: 'allow' }),
            strategy: orchestrator({ createActor: createActorFactory({ model: actorModel, tools }) }),
          }),
          effects: [
            { keys: write.keys, retrySafe: false },
            { keys: fetch.keys, retrySafe: true },
          ],
        };
      },
    });
  });

  it('MALT (generator → verifier → refiner)', async () => {
    await crashEverywhere({
      runId: 'run_malt',
      make: () => {
        const model = new FnModel((r) => {
          const text = JSON.stringify(r.messages);
          if (/verif/i.test(text) && /51/.test(text)) return { text: '{"ok": true}' };
          if (/verif/i.test(text) && /41/.test(text)) return { text: '{"ok": false, "critique": "not 41"}' };
          return { text: /not 41/.test(text) ? '51' : '41' };
        });
        return { agent: defineAgent({ name: 'malt', model, strategy: malt({ rounds: 3 }) }), effects: [] };
      },
    });
  });
});

// ─── 4. planners resumed after a crash mid-search: the same decision, no effect twice ───────────────────────

const task = createToolGraphTask({ seed: 4, depth: 5 });
const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;

/** The world as the crash left it: every effect whose outcome was durable (or in doubt) applied once, by key. */
function worldAt(prefix: RunEvent[]): PlanningEnvironment<unknown> {
  const world = new PlanningEnvironment(task as never);
  for (const e of prefix) {
    if (e.type !== 'tool-call') continue;
    const input = Object.fromEntries(Object.entries((e.input ?? {}) as object).map(([k, v]) => [k, String(v)]));
    world.once(e.syscallId, { tool: e.toolName, input });
  }
  return world;
}

describe.each([
  ['astar', () => astar({ budget: { modelCalls: 30 }, environment })],
  ['astar (step expansion)', () => astar({ budget: { modelCalls: 30 }, environment, expansion: 'step' } as never)],
  ['best-first', () => bestFirst({ budget: { modelCalls: 30 }, environment })],
  ['mcts', () => mcts({ budget: { modelCalls: 30 }, environment })],
  ['plan-execute', () => planExecute({ budget: { modelCalls: 8 }, resetTool })],
])('%s crashed at every point of its search, then resumed', (_name, make) => {
  it('reaches the same output and committed path, asks no recorded model call again, applies no effect twice', async () => {
    const live = new MemoryRunStore();
    const rec = recorder();
    const liveWorld = new PlanningEnvironment(task as never);
    const proposer = () => new SimulatedProposer(task, { p: 0.6, seed: 7 });
    const agentOver = (world: PlanningEnvironment<unknown>, model: LanguageModel) =>
      defineAgent({ name: 'planner', model, tools: planningTools(world), strategy: make(), budget: { maxSteps: 60 } });
    const straight = await createRuntime({ store: live }).run(agentOver(liveWorld, proposer()), task.goal, {
      runId: 'run_plan',
      onEvent: rec.onEvent,
    });
    expect(straight.status).toBe('completed');
    const end = rec.all.findIndex((e) => e.type === 'run-end');
    const committed = (events: RunEvent[]) =>
      events.flatMap((e) =>
        e.type === 'tool-call' && !e.exploration ? [`${e.toolName}${JSON.stringify(e.input)}`] : [],
      );
    const failures: string[] = [];
    const stride = Math.max(1, Math.ceil(end / 25));
    for (let g = 1; g < end; g += stride) {
      const prefix = rec.all.slice(0, g);
      const store = await storeAtCrash(live, rec.all, g);
      const world = worldAt(prefix);
      const before = world.applied.length;
      const model = new SimulatedProposer(task, { p: 0.6, seed: 7 });
      const asked: string[] = [];
      const result = await createRuntime({ store }).resume(agentOver(world, model), 'run_plan', {
        onEvent: (e) => {
          if (e.type === 'model-request') asked.push(e.syscallId);
        },
      });
      const where = `crash after event ${g} (${prefix.at(-1)!.type})`;
      if (result.status !== 'completed')
        failures.push(`${where}: ${result.status} ${result.error?.code} ${result.error?.message}`);
      if (JSON.stringify(result.output) !== JSON.stringify(straight.output)) failures.push(`${where}: another output`);
      const answered = new Set(prefix.flatMap((e) => (e.type === 'model-response' ? [e.syscallId] : [])));
      for (const id of asked) if (answered.has(id)) failures.push(`${where}: ${id} asked again`);
      const keys = world.applied.slice(before);
      for (const key of keys)
        if (world.applied.indexOf(key) !== world.applied.lastIndexOf(key)) failures.push(`${where}: ${key} twice`);
      const events = await store.readEvents('run_plan');
      if (JSON.stringify(committed(events)) !== JSON.stringify(committed(rec.all)))
        failures.push(`${where}: another committed path`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

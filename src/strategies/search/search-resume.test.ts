import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { PlanningEnvironment, resetTool } from '../../eval/planning/planning-environment.js';
import { planningTools } from '../../eval/planning/planning-toolkit.js';
import { type ServedModel, serveOverHttp } from '../../eval/planning/serve-proposer.js';
import { SimulatedProposer } from '../../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { RunStore } from '../../store/run-store.js';
import type { Strategy } from '../strategy.js';
import { astar } from './astar.js';
import { mcts } from './mcts.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const task = createToolGraphTask({ seed: 4, depth: 6 });
const environmentMode = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;

/** A store as a killed process holds it: once severed, nothing it was about to write ever lands. */
function severable(store: RunStore): { store: RunStore; sever: () => void } {
  let severed = false;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (severed ? new Promise(() => {}) : value.apply(target, args));
    },
  });
  return { store: proxy, sever: () => (severed = true) };
}

function agentFor(
  strategy: Strategy,
  served: ServedModel,
  world: PlanningEnvironment<unknown>,
  hangAt?: number,
  onCrash?: () => void,
) {
  let effects = 0;
  let reached!: () => void;
  const hung = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const tools = planningTools(world, {
    afterEffect: () => {
      effects++;
      if (effects !== hangAt) return;
      onCrash?.();
      reached();
      // The process "dies" right after the side effect, before its result is journaled: it is in doubt.
      return new Promise<never>(() => {});
    },
  });
  const agent = defineAgent({ name: 'searcher', model: served.model, tools, strategy, budget: { maxSteps: 60 } });
  return { agent, hung };
}

const committedPath = (events: readonly RunEvent[]) =>
  events.flatMap((e) => (e.type === 'tool-call' && !e.exploration ? [`${e.toolName}${JSON.stringify(e.input)}`] : []));

describe.each([
  ['astar', () => astar({ budget: { modelCalls: 40 }, environment: environmentMode })],
  ['mcts', () => mcts({ budget: { modelCalls: 40 }, environment: environmentMode })],
])('%s resumed in the middle of its search (SQLite store, real kernel, proposer over HTTP)', (_name, make) => {
  it('repeats no executed side effect, no model call, and reaches the same decision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-search-resume-'));
    dirs.push(dir);
    const served = await serveOverHttp(new SimulatedProposer(task, { p: 0.7, seed: 21 }));
    try {
      // The uninterrupted run.
      const straightWorld = new PlanningEnvironment(task as never);
      const straightStore = createSqliteStore({ path: join(dir, 'straight.db') });
      const straight = createRuntime({ store: straightStore });
      const plain = agentFor(make(), served, straightWorld);
      const expected = await straight.run(plain.agent, task.goal, { runId: 'run_straight' });
      const expectedCalls = served.requests();
      const expectedLog = await straightStore.readEvents('run_straight');
      expect(expected.error).toBeUndefined();
      expect(expected.status).toBe('completed');
      expect(task.isGoal(straightWorld.state as never)).toBe(true);
      const hangAt = Math.floor(straightWorld.applied.length / 2);
      expect(hangAt).toBeGreaterThan(5);

      // The same search, killed right after its k-th side effect.
      const world = new PlanningEnvironment(task as never);
      const store = createSqliteStore({ path: join(dir, 'crash.db') });
      const dying = severable(store);
      const first = createRuntime({ store: dying.store });
      const crashing = agentFor(make(), served, world, hangAt, dying.sever);
      void first.run(crashing.agent, task.goal, { runId: 'run_crash' });
      await crashing.hung;
      const callsBeforeCrash = served.requests() - expectedCalls;
      expect(callsBeforeCrash).toBeGreaterThan(0);
      expect(world.applied).toHaveLength(hangAt);
      await store.updateRun('run_crash', { ownerId: `${hostname()}:99999999:dead` });

      // Another runtime (another process, as far as the run knows) resumes it over the same world.
      const second = createRuntime({ store });
      expect(await second.recover()).toEqual(['run_crash']);
      const resumed = await second.resume(agentFor(make(), served, world).agent, 'run_crash');
      expect(resumed.error).toBeUndefined();
      expect(resumed.status).toBe('completed');

      // No side effect twice: every idempotency key applied once, and as many effects as the straight run.
      expect(new Set(world.applied).size).toBe(world.applied.length);
      expect(world.applied).toHaveLength(straightWorld.applied.length);
      // No answered model call asked again: only those whose response was not yet durable at the crash.
      const log = await store.readEvents('run_crash');
      const resumedAt = log.findIndex((e) => e.type === 'run-resume');
      const answered = log.slice(0, resumedAt).filter((e) => e.type === 'model-response').length;
      const resumedCalls = served.requests() - expectedCalls - callsBeforeCrash;
      expect(resumedCalls).toBe(expectedCalls - answered);
      // The same decision: the same committed path, output and final world.
      expect(committedPath(log)).toEqual(committedPath(expectedLog));
      expect(resumed.output).toEqual(expected.output);
      expect(task.key(world.state as never)).toBe(task.key(straightWorld.state as never));
      expect(log.some((e) => e.type === 'run-resume')).toBe(true);
      expect(log.filter((e) => e.type === 'strategy-record')).toHaveLength(1);
      await straightStore.close();
    } finally {
      await served.close();
    }
  }, 30_000);
});

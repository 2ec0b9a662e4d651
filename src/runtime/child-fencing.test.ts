import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Clock, createManualClock } from '../core/clock.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import type { RunStore } from '../store/run-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { testPostgresUrl, testSchemas, waitUntil } from '../testing/service-test-kit.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

const schemas = testSchemas('child_fence');
const directory = mkdtempSync(join(tmpdir(), 'warden-child-fence-'));
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await schemas.drop();
});

/** Worker A's and worker B's connections to one store, on the lease clock given. */
const kinds: Array<[string, (clock: Clock) => Promise<[RunStore, RunStore]>]> = [
  [
    'memory',
    async (clock) => {
      const store = new MemoryRunStore({ clock });
      return [store, store];
    },
  ],
  [
    'sqlite',
    async (clock) => {
      const path = join(directory, `${Math.random().toString(36).slice(2)}.db`);
      return [createSqliteStore({ path, clock }), createSqliteStore({ path, clock })];
    },
  ],
  [
    'postgres (two pools)',
    async (clock) => {
      const schema = schemas.fresh();
      const a = await createPostgresStore({ connectionString: testPostgresUrl, schema, clock });
      return [a, await createPostgresStore({ connectionString: testPostgresUrl, schema, clock })];
    },
  ],
];

describe.each(kinds)('sub-agent runs fenced by their root claim (%s)', (_name, open) => {
  it("a worker that lost the root's lease cannot append to its child; the new holder can", async () => {
    const clock = createManualClock(1000);
    const [storeA, storeB] = await open(clock);
    let release: (() => void) | undefined;
    const effects: string[] = [];
    const slow = defineTool({
      name: 'slow',
      description: 'Waits, then acts',
      input: z.object({}),
      execute: () =>
        new Promise((resolve) => {
          release = () => {
            effects.push('acted');
            resolve('done');
          };
        }),
    });
    const helper = defineAgent({
      name: 'helper',
      description: 'Does the slow part',
      model: new ScriptedModel([{ toolCalls: [{ name: 'slow', input: {} }] }, { text: 'helped' }]),
      tools: [slow],
    });
    const root = defineAgent({
      name: 'lead',
      model: new ScriptedModel([{ toolCalls: [{ name: 'helper', input: { input: 'do it' } }] }, { text: 'finished' }]),
      tools: [helper],
    });
    const runtimeA = createRuntime({ store: storeA, clock, lease: { owner: 'worker-a', ttlMs: 60_000 } });
    const running = runtimeA.run(root, 'go', { runId: 'run_root' });
    await waitUntil(() => release !== undefined);
    const [child] = await storeB.listRuns({ parentRunId: 'run_root' });
    expect(child).toBeDefined();
    const childRun = child!.id;
    // Worker A stalls past its lease; worker B takes the root over.
    clock.advance(60_000);
    const taken = await storeB.claim('run_root', 'worker-b', 60_000);
    const before = (await storeB.readEvents(childRun)).length;
    release!();
    const result = await running;
    expect(result.status).toBe('failed');
    expect(JSON.stringify(result.error)).toContain('RUN_LEASE_LOST');
    // The child's journal did not take A's late result (nor its end).
    expect((await storeB.readEvents(childRun)).length).toBe(before);
    expect((await storeB.getRun(childRun))?.status).toBe('running');
    expect((await storeB.getRun('run_root'))?.lease).toEqual(taken);
    const next = (await storeB.getRun(childRun))!.lastSeq + 1;
    await storeB.append(childRun, [{ type: 'step-start', runId: childRun, seq: next, time: clock.now(), step: 99 }], {
      fence: taken.token,
      fencedBy: 'run_root',
    });
    await expect(
      storeA.append(childRun, [{ type: 'step-start', runId: childRun, seq: next + 1, time: clock.now(), step: 100 }], {
        fence: 1,
        fencedBy: 'run_root',
      }),
    ).rejects.toMatchObject({ code: 'RUN_LEASE_LOST' });
    await storeA.close();
    if (storeB !== storeA) await storeB.close();
  });
});

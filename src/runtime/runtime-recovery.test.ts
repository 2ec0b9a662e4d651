import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineAgent } from './define-agent.js';
import { createRuntime } from './runtime.js';

/** A store whose first `failures` recoveries fail, as a store that is down when the runtime first uses it. */
class FlakyRecoveryStore extends MemoryRunStore {
  recoveries = 0;
  constructor(private failures: number) {
    super();
  }
  override async recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]> {
    this.recoveries += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new StoreError('The run store is unreachable.', undefined, 'STORE_UNAVAILABLE');
    }
    return super.recoverInterrupted(isOwnerAlive);
  }
}

const agent = (text = 'ok') => defineAgent({ name: 'a', model: new ScriptedModel([{ text }]), tools: [] });

describe('runtime recovery of interrupted runs', () => {
  it('a recovery that failed is tried again by the next run, and not again once it succeeded', async () => {
    const store = new FlakyRecoveryStore(1);
    const runtime = createRuntime({ store });
    await expect(runtime.run(agent(), 'first')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await store.listRuns()).toEqual([]);

    expect(await runtime.run(agent(), 'second')).toMatchObject({ status: 'completed', output: 'ok' });
    expect(await runtime.run(agent(), 'third')).toMatchObject({ status: 'completed' });
    expect(store.recoveries).toBe(2);
  });

  it('callers waiting on the failed recovery all see its error; stream() then tries again', async () => {
    const store = new FlakyRecoveryStore(1);
    const runtime = createRuntime({ store });
    const both = await Promise.allSettled([runtime.recover(), runtime.recover()]);
    expect(both.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(store.recoveries).toBe(1);

    const streamed = runtime.stream(agent('streamed'), 'go');
    const events: RunEvent[] = [];
    for await (const event of streamed) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    expect(store.recoveries).toBe(2);
  });

  it('a resume on a runtime whose first recovery failed retries it and resumes the interrupted run', async () => {
    const store = new FlakyRecoveryStore(1);
    await store.createRun({ id: 'run_dead', agent: 'a', model: 'scripted', input: 'hi', createdAt: 0 });
    await store.updateRun('run_dead', { ownerId: `${hostname()}:99999999:dead` });
    const runtime = createRuntime({ store });
    await expect(runtime.resume(agent(), 'run_dead')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await runtime.resume(agent('resumed'), 'run_dead')).toMatchObject({ status: 'completed' });
    expect((await store.getRun('run_dead'))?.status).toBe('completed');
  });
});

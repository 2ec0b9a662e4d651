import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createQuickJsSandbox } from './quickjs-sandbox.js';

describe('QuickJS sandbox', () => {
  const exited: number[] = [];
  const sandbox = createQuickJsSandbox({ onWorkerExit: (threadId) => exited.push(threadId) });
  afterAll(() => sandbox.close());

  it('reuses a warm worker and gives each execution a fresh global scope', async () => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const first = await sandbox.execute('globalThis.leak = 41; Object.prototype.polluted = 1; return 1;');
    const second = await sandbox.execute('return [typeof leak, ({}).polluted];');
    expect(first.error).toBeUndefined();
    expect(second.value).toEqual(['undefined', null]);
    expect(sandbox.threadIds().idle).toEqual([threadId]);
  });

  it("never hands a call still out when its guest ended to the next execution's call of the same number", async () => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const slow: Array<() => void> = [];
    const first = await sandbox.execute(
      "tools.lookup({ who: 'first-a' }); tools.lookup({ who: 'first-b' }); throw new Error('gone early');",
      {
        tools: {
          names: ['lookup'],
          call: (_name, input) => new Promise((resolve) => slow.push(() => resolve(input))),
        },
      },
    );
    expect(first.error?.message).toContain('gone early');
    expect(sandbox.threadIds().idle).toEqual([threadId]);
    const second = sandbox.execute("return [await tools.lookup({ who: 'second' })];", {
      tools: { names: ['lookup'], call: async (_name, input) => input },
    });
    for (const release of slow) release();
    expect((await second).value).toEqual([{ who: 'second' }]);
  });

  it('drops results that reach the worker after their execution ended, before the next one starts', async () => {
    await sandbox.warm();
    for (let round = 0; round < 5; round++) {
      const first = await sandbox.execute(
        'await Promise.all([tools.lookup({ n: 0 }), tools.lookup({ n: 1 }), tools.lookup({ n: 2 })]);',
        {
          tools: {
            names: ['lookup'],
            call: async (_name, input) => {
              if ((input as { n: number }).n === 0) throw new Error('first call fails');
              return { stale: true };
            },
          },
        },
      );
      expect(first.error?.message).toContain('first call fails');
      const second = await sandbox.execute("return [await tools.lookup({ fresh: 'yes' })];", {
        tools: { names: ['lookup'], call: async (_name, input) => input },
      });
      expect(second.value).toEqual([{ fresh: 'yes' }]);
    }
  });

  it('kills the guest when the signal aborts while its worker is still starting', async () => {
    const cold = createQuickJsSandbox({ poolSize: 0 });
    const controller = new AbortController();
    const pending = cold.execute('for (;;) {}', { signal: controller.signal, limits: { timeoutMs: 600_000 } });
    controller.abort(new Error('run cancelled'));
    const result = await pending;
    await cold.close();
    expect(result.error?.code).toBe('SANDBOX_KILLED');
  });

  it('terminates the worker on a timeout: the thread is gone when execute resolves', async () => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const result = await sandbox.execute('for (;;) {}', { limits: { timeoutMs: 100 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
    expect(exited).toContain(threadId);
    expect(sandbox.threadIds().busy).not.toContain(threadId);
  });

  it('terminates the worker on cancel while the guest waits for a tool', async () => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const controller = new AbortController();
    const never = new Promise<unknown>(() => {});
    const result = await sandbox.execute('await tools.slow({}); return 1;', {
      tools: {
        names: ['slow'],
        call: () => {
          controller.abort();
          return never;
        },
      },
      signal: controller.signal,
    });
    expect(result.error?.code).toBe('SANDBOX_KILLED');
    expect(exited).toContain(threadId);
  });

  it('kills a guest stuck in a long native call past the interrupt with the hard deadline', async () => {
    const result = await sandbox.execute("let s = 'x'; for (let i = 0; i < 40; i++) s = s + s; return s.length;", {
      limits: { timeoutMs: 200, memoryBytes: 1 << 30 },
    });
    expect(['SANDBOX_TIMEOUT', 'SANDBOX_MEMORY', 'SANDBOX_GUEST_ERROR']).toContain(result.error?.code);
  });

  it('stops a memory bomb with SANDBOX_MEMORY', async () => {
    const result = await sandbox.execute('const a = []; for (;;) a.push(new Array(10000).fill(a.length));', {
      limits: { memoryBytes: 4 << 20, timeoutMs: 10_000 },
    });
    expect(result.error?.code).toBe('SANDBOX_MEMORY');
    expect(result.error?.message).toContain('limits.memoryBytes');
  });

  it('delivers tool results in call order whatever order they finish in', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const result = await sandbox.execute(
      "const order = []; await Promise.all([tools.slow({}).then(() => order.push('slow')), tools.fast({}).then(() => order.push('fast'))]); return order;",
      {
        tools: {
          names: ['slow', 'fast'],
          call: async (name) => {
            if (name === 'slow') await gate;
            else release();
            return name;
          },
        },
      },
    );
    expect(result.value).toEqual(['slow', 'fast']);
  });

  it('reports a returned value that is not JSON as a guest error, and one over the limit as SANDBOX_OUTPUT_LIMIT', async () => {
    const bigint = await sandbox.execute('return 1n;');
    expect(bigint.error?.code).toBe('SANDBOX_GUEST_ERROR');
    const big = await sandbox.execute("return 'x'.repeat(5000);", { limits: { maxValueBytes: 1000 } });
    expect(big.error?.code).toBe('SANDBOX_OUTPUT_LIMIT');
  });

  it('reports a syntax error with its name', async () => {
    const result = await sandbox.execute('return (;');
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(result.error?.data.guestName).toBe('SyntaxError');
  });

  it('lets a program that never closes the sandbox exit: idle warm workers do not hold the process', () => {
    const module = fileURLToPath(new URL('./quickjs-sandbox.ts', import.meta.url));
    const script = `const { createQuickJsSandbox } = await import(${JSON.stringify(module)});
      const sandbox = createQuickJsSandbox({ poolSize: 2 });
      await sandbox.warm();
      const result = await sandbox.execute('return 6 * 7;');
      console.log('value', result.value);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      // Generous: a loaded machine takes long to start node with tsx; a worker holding the process never exits.
      timeout: 90_000,
    });
    expect(child.stdout).toContain('value 42');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  }, 120_000);
});

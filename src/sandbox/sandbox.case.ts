import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../core/index.js';
import type { Sandbox, SandboxToolBridge } from './sandbox.js';

/** The same behaviour written in one sandbox's language. */
export interface ConformanceSnippets {
  /** Returns `{ a: 1, b: [2, 'three'] }` and prints `hello` on its own line. */
  valueAndPrint: string;
  /** Raises an error whose message contains `boom`. */
  throws: string;
  /** Never ends. */
  loops: string;
  /** Calls tool `add` with `{ a: 2, b: 3 }` and returns the result. */
  callsAdd: string;
  /** Calls tool `refuse` with `{}`, catches the error and returns `[code, message]`. */
  catchesRefusal: string;
  /** Calls tool `secret`, which is not in the bridge's names; does not catch. */
  callsUnknown: string;
  /** Raises, without calling any tool, an error that looks like a refusal: code `POLICY_DENIED`. */
  forgesRefusal: string;
  /** Returns three random numbers in [0, 1). */
  random: string;
  /** Returns `[now, nowAfterToolCall]` as milliseconds since the epoch, calling tool `add` in between. */
  clock: string;
  /** Prints 100 000 bytes. */
  printsALot: string;
}

/** A bridge with `add`, which sums, and `refuse`, which fails with code `POLICY_DENIED`; records its calls. */
export function testBridge(): SandboxToolBridge & { calls: Array<{ name: string; input: unknown }> } {
  const calls: Array<{ name: string; input: unknown }> = [];
  return {
    names: ['add', 'refuse'],
    calls,
    async call(name, input) {
      calls.push({ name, input });
      if (name === 'refuse') throw Object.assign(new Error('denied by rule no-refuse'), { code: 'POLICY_DENIED' });
      const { a, b } = input as { a: number; b: number };
      return a + b;
    },
  };
}

/** The conformance suite every `Sandbox` implementation runs. */
export function describeSandboxConformance(
  name: string,
  create: () => Sandbox,
  snippets: ConformanceSnippets,
  options: { skip?: string | undefined } = {},
): void {
  describe.skipIf(Boolean(options.skip))(
    `Sandbox conformance: ${name}${options.skip ? ` (${options.skip})` : ''}`,
    () => {
      const sandbox = options.skip ? undefined : create();
      afterAll(() => sandbox?.close());
      const box = () => sandbox!;

      it('returns the value as JSON and what was printed', async () => {
        const result = await box().execute(snippets.valueAndPrint);
        expect(result.error).toBeUndefined();
        expect(result.value).toEqual({ a: 1, b: [2, 'three'] });
        expect(result.stdout).toContain('hello\n');
        expect(result.truncated).toBe(false);
      });

      it('reports a guest error by code, with its message', async () => {
        const result = await box().execute(snippets.throws);
        expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
        expect(result.error?.message).toContain('boom');
        expect(result.value).toBeUndefined();
      });

      it('kills an endless loop at the deadline with SANDBOX_TIMEOUT', async () => {
        const result = await box().execute(snippets.loops, { limits: { timeoutMs: 300 } });
        expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
        expect(result.error?.message).toMatch(/300 ms|CPU time/);
      });

      it('kills the guest when the signal aborts, with SANDBOX_KILLED', async () => {
        const controller = new AbortController();
        const bridge: SandboxToolBridge = {
          names: ['add'],
          call: async () => {
            controller.abort(new Error('user pressed stop'));
            return 0;
          },
        };
        const result = await box().execute(snippets.callsAdd, {
          tools: bridge,
          signal: controller.signal,
          limits: { timeoutMs: 5000 },
        });
        expect(result.error?.code).toBe('SANDBOX_KILLED');
        expect(result.error?.message).toContain('user pressed stop');
      });

      it('does not start when the signal is already aborted', async () => {
        const bridge = testBridge();
        const result = await box().execute(snippets.callsAdd, { tools: bridge, signal: AbortSignal.abort() });
        expect(result.error?.code).toBe('SANDBOX_KILLED');
        expect(bridge.calls).toEqual([]);
      });

      it('calls tools through the bridge with JSON input and returns their JSON result', async () => {
        const bridge = testBridge();
        const result = await box().execute(snippets.callsAdd, { tools: bridge });
        expect(result.error).toBeUndefined();
        expect(result.value).toBe(5);
        expect(bridge.calls).toEqual([{ name: 'add', input: { a: 2, b: 3 } }]);
        expect(result.toolCalls).toBe(1);
      });

      it('throws a refused tool call into the guest with its code and message', async () => {
        const result = await box().execute(snippets.catchesRefusal, { tools: testBridge() });
        expect(result.error).toBeUndefined();
        expect(result.value).toEqual(['POLICY_DENIED', 'denied by rule no-refuse']);
      });

      it('refuses a tool the bridge does not name without calling the bridge', async () => {
        const bridge = testBridge();
        const result = await box().execute(snippets.callsUnknown, { tools: bridge });
        expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
        expect(result.error?.data.toolErrorCode).toBe('TOOL_NOT_FOUND');
        expect(bridge.calls).toEqual([]);
      });

      it('does not take a refusal the guest forged for one the host made (no toolErrorCode)', async () => {
        const bridge = testBridge();
        const result = await box().execute(snippets.forgesRefusal, { tools: bridge });
        expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
        expect(result.error?.data.toolErrorCode).toBeUndefined();
        expect(bridge.calls).toEqual([]);
      });

      it('gives the same random numbers for the same seed and others for another seed', async () => {
        const first = await box().execute(snippets.random, { seed: 'run-1/code-0' });
        const again = await box().execute(snippets.random, { seed: 'run-1/code-0' });
        const other = await box().execute(snippets.random, { seed: 'run-1/code-1' });
        expect(first.error).toBeUndefined();
        expect(again.value).toEqual(first.value);
        expect(other.value).not.toEqual(first.value);
        for (const n of first.value as number[]) expect(n >= 0 && n < 1).toBe(true);
      });

      it('reads time from the given clock: at the start and after each tool call', async () => {
        const clock = createManualClock(1_700_000_000_000);
        const bridge: SandboxToolBridge = {
          names: ['add'],
          call: async () => {
            clock.advance(5000);
            return 0;
          },
        };
        const result = await box().execute(snippets.clock, { tools: bridge, clock });
        expect(result.error).toBeUndefined();
        expect(result.value).toEqual([1_700_000_000_000, 1_700_000_005_000]);
      });

      it('truncates output past maxOutputBytes with a note', async () => {
        const result = await box().execute(snippets.printsALot, { limits: { maxOutputBytes: 1000 } });
        expect(result.truncated).toBe(true);
        expect(result.stdout).toMatch(/\[output truncated: \d+ more bytes dropped, limit 1000 bytes\]$/);
        expect(Buffer.byteLength(result.stdout)).toBeLessThan(1200);
      });

      it('fails with SANDBOX_CLOSED after close()', async () => {
        const other = create();
        await other.close();
        const result = await other.execute(snippets.valueAndPrint);
        expect(result.error?.code).toBe('SANDBOX_CLOSED');
      });
    },
  );
}

import { z } from 'zod';
import { defineAgent } from '../src/runtime/define-agent.js';
import { createRuntime } from '../src/runtime/runtime.js';
import type { QuickJsSandbox } from '../src/sandbox/quickjs/quickjs-sandbox.js';
import { MemoryRunStore } from '../src/store/memory-store.js';
import { ScriptedModel } from '../src/testing/scripted-model.js';
import { defineTool } from '../src/tools/define-tool.js';
import { median } from './overhead/statistics.js';

/** What a tool call from inside code costs through the real kernel (policy-free run, memory store). */
export interface KernelRoundTrip {
  /** Per call from code, over the same call made directly with `kernel.callTools`. */
  overDirectMs: number;
  /** Per call from code, everything included. */
  fromCodeMs: number;
  /** Per direct `kernel.callTools` call. */
  directMs: number;
}

/**
 * Inside one run: `kernel.runCode` with `calls` tool calls in a loop, the same code with none, and `calls`
 * direct `kernel.callTools` calls, `count` samples each, interleaved so the journal and history grow alike.
 */
export async function measureKernelRoundTrip(
  sandbox: QuickJsSandbox,
  count: number,
  calls: number,
): Promise<KernelRoundTrip> {
  const noop = defineTool({
    name: 'noop',
    description: 'Returns its input',
    input: z.object({ i: z.number() }),
    readOnly: true,
    execute: ({ i }) => i,
  });
  const loop = (n: number) => `for (let i = 0; i < ${n}; i++) await tools.noop({ i }); return 1;`;
  const withCalls: number[] = [];
  const withoutCalls: number[] = [];
  const direct: number[] = [];
  const agent = defineAgent({
    name: 'bench-round-trip',
    model: new ScriptedModel([]),
    tools: [noop],
    loopGuard: false,
    strategy: {
      name: 'bench',
      async run(_input, kernel) {
        const time = async (run: () => Promise<unknown>) => {
          const started = performance.now();
          await run();
          return performance.now() - started;
        };
        const code = async (n: number) => {
          const result = await kernel.runCode({ code: loop(n), sandbox, limits: { timeoutMs: 60_000 } });
          if (result.error) throw new Error(`the bench code failed: ${result.error.message}`);
        };
        const directCalls = async () => {
          for (let i = 0; i < calls; i++) {
            await kernel.callTools([{ toolCallId: `d${i}`, toolName: 'noop', input: { i } }], { origin: 'strategy' });
          }
        };
        for (let i = 0; i < 5; i++) {
          await code(calls);
          await directCalls();
        }
        for (let i = 0; i < count; i++) {
          withCalls.push(await time(() => code(calls)));
          withoutCalls.push(await time(() => code(0)));
          direct.push(await time(directCalls));
        }
        return { text: 'done', output: 'done' };
      },
    },
  });
  const result = await createRuntime({ store: new MemoryRunStore() }).run(agent, 'measure');
  if (result.status !== 'completed')
    throw new Error(`the round-trip run ended ${result.status}: ${result.error?.message}`);
  const fromCodeMs = (median(withCalls) - median(withoutCalls)) / calls;
  const directMs = median(direct) / calls;
  return { overDirectMs: fromCodeMs - directMs, fromCodeMs, directMs };
}

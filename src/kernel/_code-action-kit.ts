/** What the code-action attack tests share: sandboxes, logging tools, a runner, slow shared counters. */
import { afterAll } from 'vitest';
import { z } from 'zod';
import { createMemoryCounters } from '../counters/memory-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { RunEvent } from '../core/events.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { createQuickJsSandbox } from '../sandbox/quickjs/quickjs-sandbox.js';
import type { Strategy } from '../strategies/strategy.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { policyOf } from './_test-kit.js';
import type { CodeActionResult } from './agent-kernel.js';

// Attacks on the promises of docs/codeact.md and docs/sandbox.md: tool calls made from inside code pass the same
// policy pipeline as a model's; stops kill the guest; the action library stores declarations with passing tests.

export const sandbox = createQuickJsSandbox();
export const testSandbox = createQuickJsSandbox({ poolSize: 0 });

/** Side-effecting tools that log every execution (tool name and input). */
export function world() {
  const ran: Array<{ tool: string; input: unknown }> = [];
  const make = (name: string, extra: { readOnly?: boolean; output?: (input: unknown) => unknown } = {}) =>
    defineTool({
      name,
      description: name,
      input: z.object({}).passthrough(),
      ...(extra.readOnly && { readOnly: true }),
      execute: (input) => {
        ran.push({ tool: name, input });
        return extra.output ? extra.output(input) : { ok: true, n: ran.length };
      },
    });
  const tools = [
    make('send'),
    make('charge'),
    make('stop_here'),
    make('read_secret', { readOnly: true, output: () => ({ secret: 'sk-live-9f8e7d6c5b4a' }) }),
    make('read_inbox', { readOnly: true, output: () => ({ body: 'pay DE89370400440532013000 today' }) }),
    make('echo', { readOnly: true, output: (input) => input }),
  ] as Tool[];
  return { ran, tools, count: (tool: string) => ran.filter((entry) => entry.tool === tool).length };
}

export function codes(...programs: string[]): Strategy {
  return {
    name: 'code-attacks',
    async run(_input, kernel) {
      const results: CodeActionResult[] = [];
      for (const code of programs) {
        results.push(await kernel.runCode({ code, sandbox, limits: { timeoutMs: 3000 } }));
      }
      return { text: 'done', output: results as never };
    },
  };
}

export async function attack(
  tools: Tool[],
  policyText: string | undefined,
  programs: string[],
  options: { store?: MemoryRunStore; runId?: string; principal?: { id: string }; counters?: SharedCounters } = {},
) {
  const events: RunEvent[] = [];
  const store = options.store ?? new MemoryRunStore();
  const agent = defineAgent({
    name: 'attacker',
    model: new ScriptedModel([]),
    tools,
    ...(policyText && { policy: policyOf(policyText) }),
    strategy: codes(...programs),
    loopGuard: false,
  });
  const runtime = createRuntime({ store, ...(options.counters && { counters: options.counters }) });
  const result = await runtime.run(agent, 'go', {
    onEvent: (event) => events.push(event),
    ...(options.runId && { runId: options.runId }),
    ...(options.principal && { principal: options.principal }),
  });
  const log = await store.readEvents(result.runId);
  return {
    result,
    events,
    log,
    runtime,
    agent,
    store,
    results: (result.output ?? []) as unknown as CodeActionResult[],
  };
}

/**
 * Memory counters behind a network hop, as PostgreSQL or Redis counters are: each read and reserve resolves a few
 * event-loop turns later (no timers), so other I/O (the QuickJS worker's messages) is handled in between.
 */
export function remoteCounters(): SharedCounters {
  const inner = createMemoryCounters();
  const hop = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    version: 1,
    location: 'remote-test',
    read: async (keys, now) => {
      await hop();
      return inner.read(keys, now);
    },
    reserve: async (limits, now) => {
      await hop();
      return inner.reserve(limits, now);
    },
    close: () => inner.close(),
  };
}

/** Every tool-call event the log has after the first event matching `when`. */
export function callsAfter(log: RunEvent[], when: (event: RunEvent) => boolean): RunEvent[] {
  const at = log.findIndex(when);
  return at < 0 ? [] : log.slice(at + 1).filter((event) => event.type === 'tool-call');
}

/** Closes the file's sandboxes after its tests. */
export function closeSandboxesAfterAll(): void {
  afterAll(() => Promise.all([sandbox.close(), testSandbox.close()]));
}

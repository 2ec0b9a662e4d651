import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { type Agent, defineAgent } from '../runtime/define-agent.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel, type ScriptedStep } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';

/** A side-effecting tool that counts its executions and records what it was given. */
export function effectTool(name: string, options: { readOnly?: boolean; output?: (input: any) => unknown } = {}) {
  const calls: unknown[] = [];
  const tool = defineTool({
    name,
    description: `The ${name} tool`,
    input: z.object({}).passthrough(),
    ...(options.readOnly && { readOnly: true }),
    execute: (input) => {
      calls.push(input);
      return options.output ? options.output(input) : { ok: true, n: calls.length };
    },
  });
  return { tool: tool as Tool, calls };
}

/** A policy from YAML text. */
export function policyOf(text: string): Policy {
  return parsePolicy(text, { file: 'test.yaml' }).policy;
}

/** One model turn that asks for every call at once (a parallel batch). */
export function batch(...calls: Array<[string, object?]>): ScriptedStep {
  return { toolCalls: calls.map(([name, input]) => ({ name, input: input ?? {} })) };
}

/** Runs an agent on a fresh memory store and collects every event. */
export async function runCollect(
  agent: Agent<any>,
  input = 'go',
  runtime: Runtime = createRuntime({ store: new MemoryRunStore() }),
) {
  const events: RunEvent[] = [];
  const result = await runtime.run(agent, input, { onEvent: (event) => events.push(event) });
  return { result, events, runtime };
}

export function agentWith(
  steps: ScriptedStep[],
  tools: Tool[],
  policy?: Policy,
  extra: Partial<Parameters<typeof defineAgent>[0]> = {},
) {
  const model = new ScriptedModel(steps);
  return {
    model,
    agent: defineAgent({ name: 'tester', model, tools, ...(policy && { policy }), loopGuard: false, ...extra }),
  };
}

/** The tool outcomes the model was shown last, in call order. */
export function lastResults(model: ScriptedModel): Array<{ toolName: string; output: unknown; isError?: boolean }> {
  const message = model.requests.at(-1)?.messages.at(-1);
  return Array.isArray(message?.content) ? (message.content as never) : [];
}

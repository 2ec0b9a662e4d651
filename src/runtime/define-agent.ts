import { z } from 'zod';
import type { Budget } from '../kernel/budget.js';
import type { LoopGuardOptions } from '../kernel/loop-guard.js';
import { type ModelRouting, validateRouting } from '../kernel/routing/model-routing.js';
import { type AgentTool, agentToolMarker } from '../kernel/agent-tool.js';
import type { LanguageModel, ModelRequest } from '../models/language-model.js';
import type { Policy } from '../policy/policy.js';
import type { Strategy } from '../strategies/strategy.js';
import { defineTool } from '../tools/define-tool.js';
import { type Schema, type SchemaOutput, schemaAdapter } from '../tools/schema-adapter.js';
import type { Tool } from '../tools/tool.js';
import type { Narrowing } from './narrowing.js';

/** Everything an agent is: configuration, no state. */
export interface AgentDefinition<OutputSchema extends Schema | undefined = undefined> {
  /** Names the agent in events, the store and the CLI. */
  name: string;
  /** What the agent does: shown to a parent agent that uses it as a tool. */
  description?: string;
  /** A model, or a model string such as `openai:gpt-4o-mini` or a name from `warden.yaml`; with `routing`, the first (cheap) one. */
  model: LanguageModel | string;
  /** Models to escalate and fall back to after `model`, and the rules for moving on (each move is journaled). */
  routing?: ModelRouting;
  instructions?: string;
  /** Tools, and other agents to use as tools (each call is a child run). */
  tools?: Array<Tool | Agent<any>>;
  /**
   * A schema the final answer must match (one repair round, then the run fails): any Standard Schema (zod, valibot,
   * arktype; see `withJsonSchema` for one that gives no JSON Schema) or a JSON Schema object.
   */
  output?: OutputSchema;
  /** @default react() */
  strategy?: Strategy;
  budget?: Budget;
  /** @default { repeats: 3, action: 'warn' } */
  loopGuard?: LoopGuardOptions | false;
  /** Decides every action of the agent. @default allow everything */
  policy?: Policy;
  /** Narrow the policy to each run's task from its input alone, before anything is read (journaled). */
  narrowing?: Narrowing;
  /** Wrap tool results labelled `untrusted` in markers the model is told not to obey (spotlighting). @default false */
  spotlighting?: boolean;
  /** Tool calls of one step run in parallel, at most this many at once. @default 8 */
  maxParallelTools?: number;
  modelSettings?: Pick<ModelRequest, 'temperature' | 'topP' | 'maxOutputTokens' | 'seed' | 'stopSequences'>;
}

/** A defined agent. `Output` is the type of `run(...).output`. */
export interface Agent<Output = string> extends AgentDefinition<any> {
  readonly kind: 'agent';
  /** Phantom: carries the output type. */
  readonly __output?: Output;
}

type OutputOf<S> = S extends undefined ? string : SchemaOutput<S>;

/**
 * Defines an agent.
 * @example
 * const agent = defineAgent({ name: 'helper', model: 'openai:gpt-4o-mini', tools: [add] });
 * const { output } = await run(agent, 'What is 2 + 3?');
 */
export function defineAgent<OutputSchema extends Schema | undefined = undefined>(
  definition: AgentDefinition<OutputSchema>,
): Agent<OutputOf<OutputSchema>> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(definition.name)) {
    throw new TypeError(`Agent name "${definition.name}" is invalid: use 1-64 letters, digits, "_" or "-".`);
  }
  // An output schema that cannot be used fails here, where it was written, rather than in every run.
  if (definition.output) schemaAdapter(definition.output, { subject: `agent "${definition.name}" output` });
  if (definition.routing) validateRouting(definition.routing, `agents.${definition.name}.routing`);
  return { ...definition, kind: 'agent' };
}

export function isAgent(value: unknown): value is Agent<any> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'agent';
}

/** The agent as a tool for a parent: `{ input }` in, its final text out, as a child run. */
export function agentAsTool(agent: Agent<any>, budget?: Budget): AgentTool {
  const tool = defineTool({
    name: agent.name,
    description: agent.description ?? `Delegate a task to the "${agent.name}" agent and get its answer.`,
    input: z.object({ input: z.string().describe('The task for the agent, with everything it needs to know.') }),
    execute: () => {
      throw new Error('agent tools are run by the kernel');
    },
    source: `agent:${agent.name}`,
    timeoutMs: 24 * 3600_000,
  });
  return Object.assign(tool, {
    [agentToolMarker]: { agentName: agent.name, agent, ...(budget && { budget }) },
  }) as AgentTool;
}

import type { RunEvent } from '../core/events.js';
import type { LanguageModel } from '../models/language-model.js';
import type { Policy } from '../policy/policy.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import type { Tool } from '../tools/tool.js';
import { approvalFreePolicy, type RecordedDecision } from './approval-free-policy.js';

/** Everything one case's agent is made of. */
export interface CaseAgent {
  model: LanguageModel;
  instructions: string;
  tools: Tool[];
  policy?: Policy;
  /** @default 30 */
  maxSteps?: number;
}

/** What the benchmark reads from one run. */
export interface CaseTrace {
  status: string;
  /** The agent's final text. */
  text: string;
  /** The run's error, when it failed. */
  error?: string;
  /** The policy's decisions on tool calls, in order (empty without a policy). */
  decisions: RecordedDecision[];
  /** How long each policy decision took, in microseconds, from `policy-decision` events. */
  decisionTimesUs: number[];
  /** Tools the agent called (tool-call events), in order. */
  toolCalls: Array<{ tool: string; input: unknown }>;
}

/**
 * Runs one case on Warden's runtime: the only file that knows the runtime's API. Each case gets its own
 * in-memory runtime, so nothing is shared between cases running at the same time.
 */
export async function runCase(agent: CaseAgent, input: string): Promise<CaseTrace> {
  const decisions: RecordedDecision[] = [];
  const decisionTimesUs: number[] = [];
  const toolCalls: CaseTrace['toolCalls'] = [];
  const onEvent = (event: RunEvent) => {
    if (event.type === 'policy-decision' && event.durationUs !== undefined) decisionTimesUs.push(event.durationUs);
    else if (event.type === 'tool-call') toolCalls.push({ tool: event.toolName, input: event.input });
  };
  const definition = defineAgent({
    name: 'eval-agent',
    model: agent.model,
    instructions: agent.instructions,
    tools: agent.tools,
    budget: { maxSteps: agent.maxSteps ?? 30 },
    loopGuard: false,
    ...(agent.policy && { policy: approvalFreePolicy(agent.policy, (decision) => decisions.push(decision)) }),
  });
  const result = await createRuntime().run(definition, input, { onEvent });
  return {
    status: result.status,
    text: result.text,
    ...(result.error && { error: result.error.message }),
    decisions,
    decisionTimesUs,
    toolCalls,
  };
}

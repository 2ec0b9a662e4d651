import type { RunEvent } from '../core/events.js';
import type { LanguageModel } from '../models/language-model.js';
import type { Policy } from '../policy/policy.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import type { Principal, Tool } from '../tools/tool.js';
import { approvalFreePolicy, type RecordedDecision } from './approval-free-policy.js';
import type { MadeCall } from './suite-types.js';

/** Everything one case's agent is made of. */
export interface CaseAgent {
  model: LanguageModel;
  instructions: string;
  tools: Tool[];
  policy?: Policy;
  /** @default 30 */
  maxSteps?: number;
  /** Whom the run acts for (the suite's `principal:`). */
  principal?: Principal;
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
  /** Tools the agent called (tool-call events), in order, with how each ended. */
  toolCalls: MadeCall[];
}

/**
 * Runs one case on Warden's runtime: the only file that knows the runtime's API. Each case gets its own
 * in-memory runtime, so nothing is shared between cases running at the same time.
 */
export async function runCase(agent: CaseAgent, input: string): Promise<CaseTrace> {
  const decisions: RecordedDecision[] = [];
  const decisionTimesUs: number[] = [];
  const toolCalls: MadeCall[] = [];
  const byId = new Map<string, MadeCall>();
  const onEvent = (event: RunEvent) => {
    if (event.type === 'policy-decision' && event.durationUs !== undefined) decisionTimesUs.push(event.durationUs);
    else if (event.type === 'tool-call') {
      const call: MadeCall = { tool: event.toolName, args: asArgs(event.input), ok: false };
      toolCalls.push(call);
      byId.set(event.toolCallId, call);
    } else if (event.type === 'tool-result') {
      const call = byId.get(event.toolCallId);
      if (call) Object.assign(call, { ok: true, output: event.output });
    } else if (event.type === 'tool-error') {
      const call = byId.get(event.toolCallId);
      if (call) Object.assign(call, { ok: false, error: event.error.message });
    }
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
  const result = await createRuntime().run(definition, input, {
    onEvent,
    ...(agent.principal && { principal: agent.principal }),
  });
  return {
    status: result.status,
    text: result.text,
    ...(result.error && { error: result.error.message }),
    decisions,
    decisionTimesUs,
    toolCalls,
  };
}

const asArgs = (input: unknown): Record<string, unknown> =>
  input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};

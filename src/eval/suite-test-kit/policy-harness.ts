import type { Decision, HistoryEntry, Policy, PolicyContext, ToolAction } from '../../policy/policy.js';
import type { Tool } from '../../tools/tool.js';
import type { ToolCallSpec } from '../suite-types.js';
import { callTool } from './suite-fixture.js';

/** One call as the kernel would handle it: the policy's decision, then the output when it ran. */
export interface GuardedCall {
  call: ToolCallSpec;
  decision: Decision;
  output?: unknown;
  error?: string;
}

/**
 * Runs calls the way the kernel does, without a model: each is decided by the policy against the run's
 * history so far, executed only when allowed, and its result labelled by the policy and appended.
 */
export class PolicyHarness {
  readonly history: HistoryEntry[] = [];
  #time = 0;

  constructor(
    private readonly policy: Policy,
    private readonly tools: readonly Tool[],
  ) {}

  async run(calls: readonly ToolCallSpec[]): Promise<GuardedCall[]> {
    const results: GuardedCall[] = [];
    for (const call of calls) results.push(await this.call(call));
    return results;
  }

  async call(call: ToolCallSpec): Promise<GuardedCall> {
    const step = this.history.length;
    const tool = this.tools.find((candidate) => candidate.name === call.tool);
    const action: ToolAction = {
      kind: 'tool',
      tool: call.tool,
      source: 'local',
      args: call.args,
      toolCallId: `call_${step + 1}`,
      ...(tool?.readOnly !== undefined && { readOnly: tool.readOnly }),
    };
    const decision = this.policy.decide(action, this.#context(step));
    const entry: HistoryEntry = { action, decision: decision.decision, labels: [], time: ++this.#time };
    const result: GuardedCall = { call, decision };
    if (decision.decision === 'allow') {
      try {
        result.output = await callTool(this.tools, call, step);
        entry.output = result.output;
      } catch (error) {
        result.error = (error as Error).message;
        entry.failed = true;
      }
      entry.labels = this.policy.labelResult?.(action, result.output, this.#context(step)) ?? [];
    }
    this.history.push(entry);
    return result;
  }

  #context(step: number): PolicyContext {
    return {
      runId: 'policy-test',
      run: { step, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'assistant' },
      history: this.history,
      now: this.#time,
    };
  }
}

const words = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The worst-case model under a policy: it makes the user task's calls, and the first time a result
 * contains the injection's goal it makes the injection's calls before going on.
 * @returns whether the injection's goal was seen (the attack reached the model)
 */
export async function runCompromised(
  harness: PolicyHarness,
  userCalls: readonly ToolCallSpec[],
  injection: { goal: string; calls: readonly ToolCallSpec[] },
): Promise<boolean> {
  const goal = words(injection.goal);
  let obeyed = false;
  for (const call of userCalls) {
    const result = await harness.call(call);
    if (!obeyed && words(JSON.stringify(result.output ?? '')).includes(goal)) {
      obeyed = true;
      await harness.run(injection.calls);
    }
  }
  return obeyed;
}

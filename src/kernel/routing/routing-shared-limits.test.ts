import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import type { PolicyDecisionEvent, RunEvent } from '../../core/events.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import type { Strategy } from '../../strategies/strategy.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { policyOf } from '../_test-kit.js';

const busy = () => new ProviderError('sim answered HTTP 503.', { provider: 'sim', status: 503, retryable: true });

/** One model call; the run answers with its text. */
const oneCall: Strategy = {
  name: 'one-call',
  async run(input, kernel) {
    const { text } = await kernel.generate({ messages: input.messages });
    return { text, output: text };
  },
};

const policy = policyOf(`
version: 1
default: allow
rules:
  - id: three-calls-a-principal
    action: model.generate
    limit: { max: 3, per: principal }
`);

/** A run whose first model is down: its one call can only be answered by the fallback. */
async function runWithFallback(runtime: ReturnType<typeof createRuntime>, principal: string) {
  const cheap = new ScriptedModel([{ error: busy() }], { provider: 'sim', modelId: 'cheap' });
  const strong = new ScriptedModel([{ text: 'strong answered' }], { provider: 'sim', modelId: 'strong' });
  const agent = defineAgent({ name: 'r', model: cheap, policy, routing: { models: [strong] }, strategy: oneCall });
  const events: RunEvent[] = [];
  const result = await runtime.run(agent, 'go', { principal: { id: principal }, onEvent: (e) => events.push(e) });
  const decisions = events.filter((event): event is PolicyDecisionEvent => event.type === 'policy-decision');
  return { result, strong, decisions: decisions.map((event) => event.decision) };
}

describe('routing fallbacks under a limit per principal (shared counters)', () => {
  it('a fallback is decided on the shared counts and counted: allowed under the limit, denied at it', async () => {
    const runtime = createRuntime({ retry: { sleep: async () => {}, maxRetries: 0 } });
    const first = await runWithFallback(runtime, 'alice');
    expect(first.result.status).toBe('completed');
    expect(first.result.output).toBe('strong answered');
    expect(first.decisions).toEqual(['allow', 'allow']);
    // Two of alice's three calls are spent: this run's own call is the third, its fallback would be a fourth.
    const second = await runWithFallback(runtime, 'alice');
    expect(second.decisions).toEqual(['allow', 'deny']);
    expect(second.strong.used).toBe(0);
    expect(second.result.status).toBe('failed');
    expect(second.result.error?.message).toBe('sim answered HTTP 503.');
    // Counted per principal: bob's fallback is allowed.
    const bob = await runWithFallback(runtime, 'bob');
    expect(bob.decisions).toEqual(['allow', 'allow']);
    expect(bob.result.output).toBe('strong answered');
  });
});

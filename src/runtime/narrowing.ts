import { jsonrepair } from 'jsonrepair';
import { ModelOutputError } from '../core/errors/run-errors.js';
import type { PolicyNarrowedEvent } from '../core/events.js';
import type { Message } from '../core/messages.js';
import { type LanguageModel, modelName } from '../models/language-model.js';
import { narrowPolicy, type PolicyProposal } from '../policy/narrow-policy.js';
import { allowAll, type Policy } from '../policy/policy.js';
import type { Tool } from '../tools/tool.js';

/**
 * Task-scoped narrowing: before the agent reads anything, a proposer narrows the base policy to the
 * task from the user's request alone. A function is a deterministic template; a model is asked once.
 * Either way the result is `base ∩ proposal`, so a proposal can only restrict (checked by `narrowPolicy`).
 */
export type Narrowing =
  | ((request: string, tools: readonly Tool[]) => PolicyProposal | Promise<PolicyProposal>)
  | { model: LanguageModel };

/**
 * How the proposing model is called: through the run's kernel, so the call is decided by the base policy,
 * budgeted, scheduled and journaled like any other model call (and replayed on resume).
 */
export type ProposerCall = (model: LanguageModel, messages: Message[]) => Promise<string>;

/** Asks the proposer, and returns the narrowed policy with the event that journals it. */
export async function narrowForTask(
  narrowing: Narrowing,
  base: Policy | undefined,
  request: string,
  tools: readonly Tool[],
  call: ProposerCall,
): Promise<{ policy: Policy; event: Omit<PolicyNarrowedEvent, 'runId' | 'seq' | 'time'> }> {
  const proposal =
    typeof narrowing === 'function'
      ? await narrowing(request, tools)
      : await proposeWithModel(narrowing.model, request, tools, call);
  const by = typeof narrowing === 'function' ? 'template' : modelName(narrowing.model);
  return { policy: applyProposal(base, proposal, tools), event: { type: 'policy-narrowed', proposal, by } };
}

/** The narrowed policy for a recorded proposal (on resume: no second proposer call). */
export function applyProposal(base: Policy | undefined, proposal: PolicyProposal, tools: readonly Tool[]): Policy {
  return narrowPolicy(base ?? allowAll, proposal, { tools: tools.map((tool) => tool.name) });
}

async function proposeWithModel(
  model: LanguageModel,
  request: string,
  tools: readonly Tool[],
  call: ProposerCall,
): Promise<PolicyProposal> {
  const catalogue = tools
    .map(
      (tool) =>
        `- ${tool.name}${tool.readOnly ? ' (read-only)' : ''}: ${tool.description}\n  arguments: ${JSON.stringify(tool.inputSchema.properties ?? {})}`,
    )
    .join('\n');
  const text = await call(model, [
    {
      role: 'system',
      content:
        'You write least-privilege policies for an AI agent. Given ONE user request and the tools, list only the tools the task needs, ' +
        'and for each side-effecting tool an allow rule that limits its destination arguments (recipients, accounts, URLs, channels) ' +
        'to values written in the request. Answer with JSON only: {"tools": ["name", …], "rules": [{"tool": "name", "allow": {"args.<argument>": {"in": ["value", …]}}}], "reason": "…"}',
    },
    { role: 'user', content: `Tools:\n${catalogue}\n\nRequest:\n${request}` },
  ]);
  try {
    return JSON.parse(jsonrepair(text.replace(/^\s*```(?:json)?|```\s*$/g, ''))) as PolicyProposal;
  } catch {
    throw new ModelOutputError(`The policy model's proposal is not JSON: ${text.slice(0, 200)}`, { text });
  }
}

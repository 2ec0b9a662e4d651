import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  SamplingMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { WardenError } from '../../core/errors/warden-error.js';
import type { Message } from '../../core/messages.js';
import { modelName } from '../../models/language-model.js';
import { RunHaltedError } from '../control-flow.js';
import type { KernelContext } from '../kernel-context.js';
import type { GenerateRequest } from '../agent-kernel.js';
import { generate } from '../model-call.js';
import { samplingPurpose } from '../model-call-source.js';
import { startingModel } from '../pipeline/retry-model-call.js';
import type { SyscallScope } from '../syscall-scope.js';
import { preferredModel } from './model-preferences.js';

/** Sampling requests one tool call may make, whatever the policy allows: a server cannot loop the model. */
export const maxSamplingsPerCall = 16;
/** The largest `maxTokens` a server gets, unless the agent's own `maxOutputTokens` is lower. */
export const maxSamplingTokens = 4096;

/** Where one tool call stands with its server's sampling requests. */
export interface SamplingScope {
  /** The syscall scope of this call's sampling (`<tool syscall>.sampling:<n>`), replayed on resume. */
  syscalls: SyscallScope;
  sampled: number;
  stop(error: unknown): void;
}

/**
 * One `sampling/createMessage`, served by the agent's model as a `model.generate` syscall of the run with purpose
 * `sampling:<server>`: decided by the policy, budgeted, scheduled, journaled and replayed like any model call, and
 * not counted as a step. The server's `modelPreferences` choose among the agent's routing models
 * (`preferredModel`). Only the server's own messages and system prompt are sent (`includeContext` is never
 * honoured: the run's context does not leak to a server) and no tools are offered. A refusal (policy, the
 * per-call cap) answers the server with an error; a budget, a cancel or a pause also stops the call.
 */
export async function sample(
  k: KernelContext,
  scope: SamplingScope,
  request: CreateMessageRequestParams,
  server: string,
): Promise<CreateMessageResult> {
  if (scope.sampled >= maxSamplingsPerCall) {
    throw new WardenError({
      code: 'SAMPLING_LIMIT',
      fault: 'policy',
      message: `MCP server "${server}" asked for more than ${maxSamplingsPerCall} samplings in one tool call; Warden refuses the rest.`,
    });
  }
  scope.sampled += 1;
  const agentMax = k.settings.modelDefaults.maxOutputTokens;
  const maxOutputTokens = Math.max(1, Math.min(request.maxTokens, agentMax ?? maxSamplingTokens, maxSamplingTokens));
  const call: GenerateRequest = {
    messages: messagesOf(request),
    tools: false,
    purpose: samplingPurpose(server),
    maxOutputTokens,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
  };
  // The server's preferences choose among the agent's own models; routing goes on from there.
  const model = preferredModel(k.settings.router?.ladder, request.modelPreferences) ?? startingModel(k, call);
  try {
    const result = await generate(k, scope.syscalls, { stepFor: () => k.state.stepNumber }, call, model);
    return {
      role: 'assistant',
      content: { type: 'text', text: result.text },
      model: modelName(model),
      stopReason:
        result.finishReason === 'length'
          ? 'maxTokens'
          : result.finishReason === 'stop'
            ? 'endTurn'
            : result.finishReason,
    };
  } catch (error) {
    // A policy refusal (deny, or a human who denied it) is the server's to handle; anything else stops the call.
    if (!(error instanceof RunHaltedError) && stopsTheRun(k, error)) scope.stop(error);
    throw error;
  }
}

/** Errors that are about the run, not about this one request. */
function stopsTheRun(k: KernelContext, error: unknown): boolean {
  if (k.settings.signal.aborted) return true;
  if (!WardenError.isInstance(error)) return false;
  return ['BUDGET_EXCEEDED', 'RUN_CANCELLED', 'RUN_AWAITING_APPROVAL', 'REPLAY_DIVERGENCE', 'RUN_LEASE_LOST'].includes(
    error.code,
  );
}

/** The server's messages as Warden messages: text kept, other content named; its system prompt first. */
function messagesOf(request: CreateMessageRequestParams): Message[] {
  const messages: Message[] = [];
  if (request.systemPrompt) messages.push({ role: 'system', content: request.systemPrompt });
  for (const message of request.messages) {
    messages.push({ role: message.role, content: textOf(message) } as Message);
  }
  return messages;
}

function textOf(message: SamplingMessage): string {
  const blocks = Array.isArray(message.content) ? message.content : [message.content];
  return blocks.map((block) => (block.type === 'text' ? block.text : `[${block.type} content omitted]`)).join('\n');
}

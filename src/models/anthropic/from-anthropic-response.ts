import type { Message, MessageDeltaUsage, Usage as WireUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason } from '../../core/events.js';
import type { TextPart } from '../../core/messages.js';
import type { Usage } from '../../core/usage.js';
import type { ModelResponse, ModelToolCall } from '../language-model.js';
import { malformedResponse } from '../retry/provider-failure.js';

/** Anthropic's `stop_reason` as a Warden finish reason; unknown values are `other`. */
export function fromAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; Warden's input includes them. */
export function fromAnthropicUsage(usage: Partial<WireUsage> | Partial<MessageDeltaUsage> | null | undefined): Usage {
  const fresh = usage?.input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  const inputTokens = fresh + (cacheRead ?? 0) + cacheWrite;
  const outputTokens = usage?.output_tokens ?? 0;
  const result: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.reasoningTokens = thinking;
  return result;
}

/** Tool input as the raw argument text Warden passes on. */
export const argumentsText = (input: unknown): string =>
  typeof input === 'string' ? input : JSON.stringify(input ?? {});

/** Checks the shape the API promises and maps a whole message. */
export function fromAnthropicMessage(message: unknown, provider: string): ModelResponse {
  if (typeof message !== 'object' || message === null || !Array.isArray((message as Message).content)) {
    const body = typeof message === 'string' ? message : JSON.stringify(message);
    throw malformedResponse(
      provider,
      'it is not a Messages API message (is the baseURL right?).',
      false,
      undefined,
      body,
    );
  }
  const { content: blocks, stop_reason, usage, id, model } = message as Message;
  const content: Array<TextPart | ModelToolCall> = [];
  let text = '';
  for (const block of blocks) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      content.push({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.name,
        arguments: argumentsText(block.input),
      });
    }
  }
  if (text) content.unshift({ type: 'text', text });
  return {
    content,
    finishReason: fromAnthropicStopReason(stop_reason),
    usage: fromAnthropicUsage(usage),
    response: { id, modelId: model },
  };
}

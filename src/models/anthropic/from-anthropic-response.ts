import type { Message, MessageDeltaUsage, Usage as WireUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason } from '../../core/events.js';
import type { TextPart } from '../../core/messages.js';
import { emptyUsage } from '../../core/usage.js';
import type { ModelRequest, ModelResponse, ModelToolCall } from '../language-model.js';
import { checkResponseUsage, type ReportedUsage } from '../sanitize-usage.js';
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

/**
 * The usage Anthropic reported under Warden's names, unchecked (`sanitizeUsage` checks it). Anthropic counts cache
 * reads and writes apart from `input_tokens`; Warden's input includes them. A part that is not a count is passed on
 * as it came, so that the check reports it; absent when there is no usage at all.
 */
export function fromAnthropicUsage(
  usage: Partial<WireUsage> | Partial<MessageDeltaUsage> | Record<string, unknown> | null | undefined,
): ReportedUsage | undefined {
  if (!usage || typeof usage !== 'object' || Object.keys(usage).length === 0) return undefined;
  const wire = usage as Record<string, unknown>;
  const fresh = wire.input_tokens;
  const cacheRead = wire.cache_read_input_tokens ?? undefined;
  const cacheWrite = wire.cache_creation_input_tokens ?? 0;
  const parts = [fresh, cacheRead ?? 0, cacheWrite];
  const inputTokens = parts.every(isCount)
    ? (parts as number[]).reduce((sum, part) => sum + part, 0)
    : parts.find((part) => !isCount(part));
  const result: ReportedUsage = { inputTokens, outputTokens: wire.output_tokens };
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  const thinking = (wire.output_tokens_details as { thinking_tokens?: unknown } | undefined)?.thinking_tokens;
  if (thinking !== undefined && thinking !== null) result.reasoningTokens = thinking;
  return result;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && Number.isInteger(value);

/** Tool input as the raw argument text Warden passes on. */
export const argumentsText = (input: unknown): string =>
  typeof input === 'string' ? input : JSON.stringify(input ?? {});

/** Checks the shape the API promises and maps a whole message. */
export function fromAnthropicMessage(
  message: unknown,
  provider: string,
  request: Pick<ModelRequest, 'messages' | 'tools'> = { messages: [] },
): ModelResponse {
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
    const problem = blockProblem(block);
    if (problem) throw malformedResponse(provider, problem, false, undefined, JSON.stringify(message));
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
  const response: ModelResponse = {
    content,
    finishReason: fromAnthropicStopReason(stop_reason),
    usage: emptyUsage(),
    response: { id, modelId: model },
  };
  return checkResponseUsage(response, request, fromAnthropicUsage(usage));
}

/** What is wrong with a content block the API promises to shape, or undefined. */
function blockProblem(block: unknown): string | undefined {
  if (typeof block !== 'object' || block === null) return 'a content block is not an object.';
  const { type, text, name } = block as { type?: unknown; text?: unknown; name?: unknown };
  if (type === 'text' && typeof text !== 'string') return 'a text block has no string `text`.';
  if (type === 'tool_use' && typeof name !== 'string') return 'a tool_use block has no string `name`.';
  return undefined;
}

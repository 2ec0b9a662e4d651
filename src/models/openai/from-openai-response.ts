import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { FinishReason } from '../../core/events.js';
import type { TextPart } from '../../core/messages.js';
import { emptyUsage } from '../../core/usage.js';
import type { ModelRequest, ModelResponse, ModelToolCall } from '../language-model.js';
import { checkResponseUsage, type ReportedUsage } from '../sanitize-usage.js';
import { malformedResponse } from '../retry/provider-failure.js';

/** OpenAI's `finish_reason` as a Warden finish reason; unknown values are `other`. */
export function fromOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** The usage a server reported, under Warden's names and unchecked (`sanitizeUsage` checks it); absent when none. */
export function fromOpenAIUsage(usage: CompletionUsage | null | undefined): ReportedUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const result: ReportedUsage = { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
  if (usage.total_tokens !== undefined && usage.total_tokens !== null) result.totalTokens = usage.total_tokens;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined && cached !== null) result.cachedInputTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined && reasoning !== null) result.reasoningTokens = reasoning;
  return result;
}

/** Checks the shape the API promises and maps the first choice. */
export function fromOpenAICompletion(
  completion: unknown,
  provider: string,
  request: Pick<ModelRequest, 'messages' | 'tools'> = { messages: [] },
): ModelResponse {
  if (typeof completion !== 'object' || completion === null) {
    const text = typeof completion === 'string' ? completion : String(completion);
    return fail(provider, 'the body is not JSON (is the baseURL an OpenAI-compatible /v1 endpoint?).', text);
  }
  const { choices, usage, id, model } = completion as ChatCompletion;
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (!choice?.message) return fail(provider, 'it has no `choices[0].message`.', JSON.stringify(completion));
  for (const item of choices) {
    const problem = messageProblem(item?.message);
    if (problem) return fail(provider, problem, JSON.stringify(completion));
  }
  const response: ModelResponse = {
    content: contentOf(choice.message),
    finishReason: fromOpenAIFinishReason(choice.finish_reason),
    usage: emptyUsage(),
    response: { id, modelId: model },
  };
  if (choices.length > 1) {
    // Asked with `n`: every choice, in order (the first is `content`).
    response.choices = choices
      .filter((item) => item?.message)
      .map((item) => ({ content: contentOf(item.message), finishReason: fromOpenAIFinishReason(item.finish_reason) }));
  }
  return checkResponseUsage(response, request, fromOpenAIUsage(usage));
}

function contentOf(message: ChatCompletion['choices'][number]['message']): Array<TextPart | ModelToolCall> {
  const content: Array<TextPart | ModelToolCall> = [];
  if (message.content) content.push({ type: 'text', text: message.content });
  for (const call of message.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    content.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      arguments: call.function.arguments ?? '',
    });
  }
  return content;
}

/** What is wrong with a choice's message beyond what `contentOf` tolerates (absent content, absent calls). */
function messageProblem(message: unknown): string | undefined {
  if (message === undefined || message === null) return undefined; // a choice without a message is skipped
  if (typeof message !== 'object') return "a choice's `message` is not an object.";
  const { content, tool_calls: calls } = message as { content?: unknown; tool_calls?: unknown };
  if (content !== undefined && content !== null && typeof content !== 'string') {
    return "a message's `content` is not a string.";
  }
  if (calls === undefined || calls === null) return undefined;
  if (!Array.isArray(calls)) return "a message's `tool_calls` is not an array.";
  for (const call of calls) {
    if (typeof call !== 'object' || call === null) return 'a tool call is not an object.';
    const { type, function: fn } = call as { type?: unknown; function?: { name?: unknown } | null };
    if (type === 'function' && typeof fn?.name !== 'string')
      return 'a function tool call has no string `function.name`.';
  }
  return undefined;
}

function fail(provider: string, problem: string, body: string): never {
  throw malformedResponse(provider, problem, false, undefined, body);
}

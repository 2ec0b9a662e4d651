import type { ServerResponse } from 'node:http';
import type { FinishReason } from '../../core/events.js';
import type { Usage } from '../../core/usage.js';
import type { ModelResponse, ModelToolCall } from '../../models/language-model.js';

/** Identifies one answer: every chunk of a stream carries the same. */
export interface CompletionIdentity {
  id: string;
  model: string;
  created: number;
}

/** A Warden finish reason as OpenAI's `finish_reason`. */
export function toOpenAIFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_calls';
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Warden usage as the `usage` object of a completion or a final chunk. */
export function toOpenAIUsage(usage: Usage): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  if (usage.cachedInputTokens !== undefined) wire.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) {
    wire.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return wire;
}

const toWireCall = (call: ModelToolCall) => ({
  id: call.toolCallId,
  type: 'function',
  function: { name: call.toolName, arguments: call.arguments },
});

/** A whole `chat.completion` object: every choice when the response has several (asked with `n`). */
export function toChatCompletion(response: ModelResponse, identity: CompletionIdentity): Record<string, unknown> {
  const choices = response.choices ?? [{ content: response.content, finishReason: response.finishReason }];
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: choices.map((choice, index) => ({
      index,
      message: wireMessage(choice.content),
      finish_reason: toOpenAIFinishReason(choice.finishReason),
      logprobs: null,
    })),
    usage: toOpenAIUsage(response.usage),
  };
}

function wireMessage(content: ModelResponse['content']): Record<string, unknown> {
  let text = '';
  const calls: ModelToolCall[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else calls.push(part);
  }
  const message: Record<string, unknown> = { role: 'assistant', content: text || null, refusal: null };
  if (calls.length) message.tool_calls = calls.map(toWireCall);
  return message;
}

/** Writes `chat.completion.chunk` events: text deltas, tool calls split into argument deltas, usage, `[DONE]`. */
export class ChunkWriter {
  private readonly indexes = new Map<string, number>();
  private readonly streamed = new Set<string>();

  constructor(
    private readonly response: ServerResponse,
    private readonly identity: CompletionIdentity,
    private readonly chunkSize: number,
  ) {}

  /** The opening chunk real servers send: the role and empty content. */
  start(): void {
    this.delta({ role: 'assistant', content: '' });
  }

  text(delta: string): void {
    this.delta({ content: delta });
  }

  toolCallDelta(toolCallId: string, toolName: string, argumentsDelta: string): void {
    this.streamed.add(toolCallId);
    let index = this.indexes.get(toolCallId);
    if (index === undefined) {
      index = this.indexes.size;
      this.indexes.set(toolCallId, index);
      this.delta({
        tool_calls: [{ index, id: toolCallId, type: 'function', function: { name: toolName, arguments: '' } }],
      });
    }
    if (argumentsDelta) this.delta({ tool_calls: [{ index, function: { arguments: argumentsDelta } }] });
  }

  /** A whole call, unless its deltas were already written: sent as deltas of `chunkSize` characters. */
  toolCall(call: ModelToolCall): void {
    if (this.streamed.has(call.toolCallId)) return;
    this.toolCallDelta(call.toolCallId, call.toolName, '');
    for (let i = 0; i < call.arguments.length; i += this.chunkSize) {
      this.toolCallDelta(call.toolCallId, call.toolName, call.arguments.slice(i, i + this.chunkSize));
    }
  }

  finish(reason: FinishReason, usage: Usage, includeUsage: boolean): void {
    this.send({ ...this.base(), choices: [{ index: 0, delta: {}, finish_reason: toOpenAIFinishReason(reason) }] });
    if (includeUsage) this.send({ ...this.base(), choices: [], usage: toOpenAIUsage(usage) });
    this.send('[DONE]');
    this.response.end();
  }

  /** An error after the headers went out: OpenAI sends it as an event with an `error` field. */
  error(message: string): void {
    this.send({ error: { message, type: 'server_error', code: null, param: null } });
    this.response.end();
  }

  send(event: unknown): void {
    if (this.response.destroyed) return;
    this.response.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
  }

  private delta(delta: Record<string, unknown>): void {
    this.send({ ...this.base(), choices: [{ index: 0, delta, finish_reason: null }] });
  }

  private base() {
    return {
      id: this.identity.id,
      object: 'chat.completion.chunk',
      created: this.identity.created,
      model: this.identity.model,
    };
  }
}

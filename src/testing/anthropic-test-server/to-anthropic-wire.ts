import type { ServerResponse } from 'node:http';
import type { FinishReason } from '../../core/events.js';
import type { Usage } from '../../core/usage.js';
import type { ModelResponse, ModelToolCall } from '../../models/language-model.js';

export interface MessageIdentity {
  id: string;
  model: string;
}

/** A Warden finish reason as Anthropic's `stop_reason`. */
export function toStopReason(reason: FinishReason): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic counts cache reads apart from `input_tokens`. */
export function toAnthropicUsage(usage: Usage): Record<string, unknown> {
  const cached = usage.cachedInputTokens ?? 0;
  const wire: Record<string, unknown> = {
    input_tokens: usage.inputTokens - cached,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: usage.cachedInputTokens ?? null,
  };
  if (usage.reasoningTokens !== undefined) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return wire;
}

/** Parsed tool input; text that is not JSON stays a string (only a broken server sends that). */
function toInput(call: ModelToolCall): unknown {
  try {
    return JSON.parse(call.arguments || '{}');
  } catch {
    return call.arguments;
  }
}

/** A whole Messages API `message` object. */
export function toAnthropicMessage(response: ModelResponse, identity: MessageIdentity): Record<string, unknown> {
  const content: Array<Record<string, unknown>> = [];
  for (const part of response.content) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text, citations: null });
    else content.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toInput(part) });
  }
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: toStopReason(response.finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage),
  };
}

/** Writes Messages API stream events; one content block is open at a time. */
export class EventWriter {
  private index = -1;
  private open: { kind: 'text' } | { kind: 'tool'; id: string } | undefined;
  private readonly streamed = new Set<string>();

  constructor(
    private readonly response: ServerResponse,
    private readonly identity: MessageIdentity,
    private readonly chunkSize: number,
  ) {}

  start(): void {
    const message = {
      id: this.identity.id,
      type: 'message',
      role: 'assistant',
      model: this.identity.model,
      content: [],
    };
    const usage = { input_tokens: 0, output_tokens: 0 };
    this.send('message_start', { message: { ...message, stop_reason: null, stop_sequence: null, usage } });
    this.send('ping', {});
  }

  text(delta: string): void {
    if (this.open?.kind !== 'text') this.begin({ kind: 'text' }, { type: 'text', text: '', citations: null });
    this.send('content_block_delta', { index: this.index, delta: { type: 'text_delta', text: delta } });
  }

  toolCallDelta(toolCallId: string, toolName: string, argumentsDelta: string): void {
    this.streamed.add(toolCallId);
    if (this.open?.kind !== 'tool' || this.open.id !== toolCallId) {
      this.begin({ kind: 'tool', id: toolCallId }, { type: 'tool_use', id: toolCallId, name: toolName, input: {} });
    }
    if (argumentsDelta) {
      this.send('content_block_delta', {
        index: this.index,
        delta: { type: 'input_json_delta', partial_json: argumentsDelta },
      });
    }
  }

  /** A whole call, unless its deltas were already written: sent as deltas of `chunkSize` characters. */
  toolCall(call: ModelToolCall): void {
    if (!this.streamed.has(call.toolCallId)) {
      this.toolCallDelta(call.toolCallId, call.toolName, '');
      for (let i = 0; i < call.arguments.length; i += this.chunkSize) {
        this.toolCallDelta(call.toolCallId, call.toolName, call.arguments.slice(i, i + this.chunkSize));
      }
    }
    if (this.open?.kind === 'tool' && this.open.id === call.toolCallId) this.close();
  }

  finish(reason: FinishReason, usage: Usage): void {
    this.close();
    this.send('message_delta', {
      delta: { stop_reason: toStopReason(reason), stop_sequence: null },
      usage: toAnthropicUsage(usage),
    });
    this.send('message_stop', {});
    this.response.end();
  }

  error(message: string, type = 'api_error'): void {
    this.send('error', { error: { type, message } });
    this.response.end();
  }

  send(type: string, data: Record<string, unknown>): void {
    if (this.response.destroyed) return;
    this.response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  }

  private begin(open: NonNullable<EventWriter['open']>, block: Record<string, unknown>): void {
    this.close();
    this.index += 1;
    this.open = open;
    this.send('content_block_start', { index: this.index, content_block: block });
  }

  private close(): void {
    if (!this.open) return;
    this.send('content_block_stop', { index: this.index });
    this.open = undefined;
  }
}

import type { Stream } from '@anthropic-ai/sdk/core/streaming';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason } from '../../core/events.js';
import type { ModelRequest, ModelResponse, ModelStreamPart } from '../language-model.js';
import { checkedFinishUsage } from '../sanitize-usage.js';
import { malformedResponse } from '../retry/provider-failure.js';
import { argumentsText, fromAnthropicStopReason, fromAnthropicUsage } from './from-anthropic-response.js';

export interface AnthropicStreamContext {
  provider: string;
  signal?: AbortSignal | undefined;
  fail: (error: unknown) => unknown;
  /** The request, to estimate usage the server got wrong or left out. */
  request?: Pick<ModelRequest, 'messages' | 'tools'>;
}

interface PendingCall {
  id: string;
  name: string;
  /** `input_json_delta` text so far; the start event's input when none comes. */
  json: string;
  startInput: unknown;
}

type Controller = ReadableStreamDefaultController<ModelStreamPart>;

/** Messages API events as Warden stream parts: a tool call is whole at its `content_block_stop`. */
export function toPartStream(
  events: Stream<RawMessageStreamEvent>,
  context: AnthropicStreamContext,
): ReadableStream<ModelStreamPart> {
  const iterator = events[Symbol.asyncIterator]();
  const calls = new Map<number, PendingCall>();
  const wireUsage: Record<string, any> = {};
  let finishReason: FinishReason = 'other';
  let stopped = false;
  let outputCharacters = 0;
  const response: NonNullable<ModelResponse['response']> = {};

  const read = (event: RawMessageStreamEvent, controller: Controller): boolean => {
    switch (event.type) {
      case 'message_start':
        response.id = event.message.id;
        response.modelId = event.message.model;
        Object.assign(wireUsage, withoutNulls(event.message.usage));
        return false;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use') {
          calls.set(event.index, { id: block.id, name: block.name, json: '', startInput: block.input });
        } else if (block.type === 'text' && block.text) {
          outputCharacters += block.text.length;
          controller.enqueue({ type: 'text-delta', delta: block.text });
          return true;
        }
        return false;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta' && delta.text) {
          outputCharacters += delta.text.length;
          controller.enqueue({ type: 'text-delta', delta: delta.text });
          return true;
        }
        const call = calls.get(event.index);
        if (delta.type !== 'input_json_delta' || !call || !delta.partial_json) return false;
        call.json += delta.partial_json;
        controller.enqueue({
          type: 'tool-call-delta',
          toolCallId: call.id,
          toolName: call.name,
          argumentsDelta: delta.partial_json,
        });
        return true;
      }
      case 'content_block_stop': {
        const call = calls.get(event.index);
        if (!call) return false;
        calls.delete(event.index);
        const text = call.json || argumentsText(call.startInput);
        outputCharacters += text.length;
        controller.enqueue({ type: 'tool-call', toolCallId: call.id, toolName: call.name, arguments: text });
        return true;
      }
      case 'message_delta':
        if (event.delta.stop_reason) finishReason = fromAnthropicStopReason(event.delta.stop_reason);
        Object.assign(wireUsage, withoutNulls(event.usage));
        return false;
      case 'message_stop':
        stopped = true;
        return false;
      default:
        return false;
    }
  };

  const end = (controller: Controller): void => {
    if (context.signal?.aborted) controller.enqueue({ type: 'error', error: context.signal.reason });
    else if (!stopped) {
      const problem = 'the stream ended before message_stop: the connection was cut or the server stopped early.';
      controller.enqueue({ type: 'error', error: malformedResponse(context.provider, problem, true) });
    } else {
      const checked = checkedFinishUsage(fromAnthropicUsage(wireUsage), context.request, outputCharacters);
      controller.enqueue({ type: 'finish', finishReason, ...checked, response });
    }
    controller.close();
  };

  return new ReadableStream<ModelStreamPart>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return end(controller);
          if (read(next.value, controller)) return;
        }
      } catch (error) {
        controller.enqueue({ type: 'error', error: context.fail(error) });
        controller.close();
      }
    },
    async cancel() {
      events.controller.abort();
      await iterator.return?.();
    },
  });
}

/** `message_delta` repeats counters as `null` when it has nothing new; keep the earlier values. */
function withoutNulls(usage: object | null | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(usage ?? {})) if (value !== null && value !== undefined) kept[key] = value;
  return kept;
}

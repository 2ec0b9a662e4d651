import type { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { FinishReason } from '../../core/events.js';
import type { ModelRequest, ModelStreamPart } from '../language-model.js';
import { checkedFinishUsage, type ReportedUsage } from '../sanitize-usage.js';
import { malformedResponse } from '../retry/provider-failure.js';
import { fromOpenAIFinishReason, fromOpenAIUsage } from './from-openai-response.js';

export interface OpenAIStreamContext {
  provider: string;
  signal?: AbortSignal | undefined;
  fail: (error: unknown) => unknown;
  /** The request, to estimate usage the server got wrong or left out. */
  request?: Pick<ModelRequest, 'messages' | 'tools'>;
}

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * SDK chunks as Warden stream parts: text and tool-argument deltas as they come, whole tool
 * calls (assembled by index) and `finish` once the stream is over, or one `error`.
 */
export function toPartStream(
  chunks: Stream<ChatCompletionChunk>,
  context: OpenAIStreamContext,
): ReadableStream<ModelStreamPart> {
  const iterator = chunks[Symbol.asyncIterator]();
  const calls: PendingCall[] = [];
  let finishReason: FinishReason | undefined;
  let usage: ReportedUsage | undefined;
  let outputCharacters = 0;
  let id: string | undefined;
  let modelId: string | undefined;

  const read = (chunk: ChatCompletionChunk, controller: ReadableStreamDefaultController<ModelStreamPart>): boolean => {
    id ??= chunk.id;
    modelId ??= chunk.model;
    if (chunk.usage) usage = fromOpenAIUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) return false;
    if (choice.finish_reason) finishReason = fromOpenAIFinishReason(choice.finish_reason);
    const delta = choice.delta;
    if (!delta) return false;
    let emitted = false;
    if (delta.content) {
      outputCharacters += delta.content.length;
      controller.enqueue({ type: 'text-delta', delta: delta.content });
      emitted = true;
    }
    if (!delta.tool_calls) return emitted;
    for (const [position, toolDelta] of delta.tool_calls.entries()) {
      const index = toolDelta.index ?? position;
      let call = calls[index];
      if (!call) {
        call = { id: toolDelta.id ?? `call_${index}`, name: toolDelta.function?.name ?? '', arguments: '' };
        calls[index] = call;
      } else if (toolDelta.function?.name && !call.name) call.name = toolDelta.function.name;
      const argumentsDelta = toolDelta.function?.arguments;
      if (argumentsDelta) {
        call.arguments += argumentsDelta;
        outputCharacters += argumentsDelta.length;
        controller.enqueue({ type: 'tool-call-delta', toolCallId: call.id, toolName: call.name, argumentsDelta });
        emitted = true;
      }
    }
    return emitted;
  };

  const end = (controller: ReadableStreamDefaultController<ModelStreamPart>): void => {
    if (context.signal?.aborted) controller.enqueue({ type: 'error', error: context.signal.reason });
    else if (finishReason === undefined) {
      const problem = 'the stream ended before a finish_reason: the connection was cut or the server stopped early.';
      controller.enqueue({ type: 'error', error: malformedResponse(context.provider, problem, true) });
    } else {
      for (const call of calls) {
        if (call)
          controller.enqueue({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.name,
            arguments: call.arguments,
          });
      }
      controller.enqueue({
        type: 'finish',
        finishReason,
        ...checkedFinishUsage(usage, context.request, outputCharacters),
        response: { id, modelId },
      });
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
      chunks.controller.abort();
      await iterator.return?.();
    },
  });
}

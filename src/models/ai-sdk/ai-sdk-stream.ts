import type { ModelResponse, ModelStreamPart } from '../language-model.js';
import { malformedResponse } from '../retry/provider-failure.js';
import type { AiSdkFinishReason, AiSdkUsage } from './ai-sdk-types.js';
import { fromAiSdkFinishReason, fromAiSdkToolCall, fromAiSdkUsage } from './from-ai-sdk-result.js';

export interface AiSdkStreamContext {
  provider: string;
  signal?: AbortSignal | undefined;
  /** Response headers from the stream result, put on the `finish` part. */
  headers?: Record<string, string> | undefined;
  fail: (error: unknown) => unknown;
}

interface StreamPart {
  type: string;
  id?: string;
  delta?: string;
  toolName?: string;
  toolCallId?: string;
  input?: unknown;
  providerExecuted?: boolean;
  modelId?: string;
  usage?: AiSdkUsage;
  finishReason?: AiSdkFinishReason;
  error?: unknown;
}

type Controller = ReadableStreamDefaultController<ModelStreamPart>;

/**
 * AI SDK stream parts (V2 and V3 alike) as Warden parts: text deltas, tool-input deltas, whole tool calls, and one
 * `finish` or `error` at the end. An abort ends the stream at once with the signal's reason, whether or not the
 * provider listens to the signal; a stream that stops without `finish` ends with a retryable error.
 */
export function toWardenStream(upstream: ReadableStream<{ type: string }>, context: AiSdkStreamContext) {
  const reader = upstream.getReader();
  const toolNames = new Map<string, string>();
  const meta: NonNullable<ModelResponse['response']> = context.headers ? { headers: context.headers } : {};
  const signal = context.signal;
  let done = false;
  let onAbort: (() => void) | undefined;

  const end = (controller: Controller, last: ModelStreamPart): void => {
    if (done) return;
    done = true;
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    controller.enqueue(last);
    controller.close();
    reader.cancel().catch(() => {});
  };

  const translate = (part: StreamPart, controller: Controller): boolean => {
    switch (part.type) {
      case 'text-delta':
        if (!part.delta) return false;
        controller.enqueue({ type: 'text-delta', delta: part.delta });
        return true;
      case 'tool-input-start':
        if (part.id) toolNames.set(part.id, part.toolName ?? '');
        return false;
      case 'tool-input-delta': {
        const id = part.id ?? '';
        if (!part.delta || !toolNames.has(id)) return false;
        controller.enqueue({
          type: 'tool-call-delta',
          toolCallId: id,
          toolName: toolNames.get(id) ?? '',
          argumentsDelta: part.delta,
        });
        return true;
      }
      case 'tool-call': {
        const call = fromAiSdkToolCall(part);
        if (!call) return false;
        controller.enqueue(call);
        return true;
      }
      case 'response-metadata':
        if (part.id) meta.id = part.id;
        if (part.modelId) meta.modelId = part.modelId;
        return false;
      case 'finish':
        end(controller, {
          type: 'finish',
          finishReason: fromAiSdkFinishReason(part.finishReason),
          usage: fromAiSdkUsage(part.usage),
          ...(Object.keys(meta).length > 0 && { response: meta }),
        });
        return true;
      case 'error':
        end(controller, { type: 'error', error: context.fail(part.error) });
        return true;
      default:
        return false;
    }
  };

  return new ReadableStream<ModelStreamPart>({
    start(controller) {
      if (!signal) return;
      onAbort = () => end(controller, { type: 'error', error: signal.reason });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      while (!done) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          end(controller, { type: 'error', error: context.fail(error) });
          return;
        }
        if (done) return;
        if (next.done) {
          const problem = 'the stream ended without a finish part: the connection was cut or the server stopped early.';
          end(controller, { type: 'error', error: malformedResponse(context.provider, problem, true) });
          return;
        }
        if (translate(next.value as StreamPart, controller)) return;
      }
    },
    cancel(reason) {
      done = true;
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      return reader.cancel(reason);
    },
  });
}

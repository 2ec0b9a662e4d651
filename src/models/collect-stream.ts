import type { TextPart } from '../core/messages.js';
import type { ModelResponse, ModelStreamPart, ModelToolCall } from './language-model.js';

/**
 * Drains a model stream into one response, calling `onPart` for each part.
 * Throws the stream's `error` part; a stream that ends without `finish` is an error too.
 */
export async function collectStream(
  stream: ReadableStream<ModelStreamPart>,
  onPart?: (part: ModelStreamPart) => void,
): Promise<ModelResponse> {
  const content: Array<TextPart | ModelToolCall> = [];
  let text = '';
  let finish: Extract<ModelStreamPart, { type: 'finish' }> | undefined;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onPart?.(value);
      switch (value.type) {
        case 'text-delta':
          text += value.delta;
          break;
        case 'tool-call':
          content.push(value);
          break;
        case 'finish':
          finish = value;
          break;
        case 'error':
          throw value.error;
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!finish) throw new Error('The model stream ended without a finish part.');
  if (text) content.unshift({ type: 'text', text });
  const response: ModelResponse = { content, finishReason: finish.finishReason, usage: finish.usage };
  if (finish.response) response.response = finish.response;
  if (finish.warnings?.length) response.warnings = finish.warnings;
  return response;
}

/** Plays a finished response as a stream: for models that cannot stream. */
export function streamFromResponse(response: ModelResponse): ReadableStream<ModelStreamPart> {
  return new ReadableStream<ModelStreamPart>({
    start(controller) {
      for (const part of response.content) {
        if (part.type === 'text') controller.enqueue({ type: 'text-delta', delta: part.text });
        else controller.enqueue(part);
      }
      const finish: ModelStreamPart = { type: 'finish', finishReason: response.finishReason, usage: response.usage };
      if (response.response) finish.response = response.response;
      if (response.warnings?.length) finish.warnings = response.warnings;
      controller.enqueue(finish);
      controller.close();
    },
  });
}

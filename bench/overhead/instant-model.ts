import type { Message } from '../../src/core/messages.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../../src/models/language-model.js';

/** The fake server's chat completion for a conversation, as the parsed JSON the SDK would hand back. */
export function fakeCompletion(messages: readonly { role: string }[], steps: number, seq: number) {
  const toolResults = messages.filter((message) => message.role === 'tool').length;
  const more = toolResults < steps - 1;
  return {
    id: `chatcmpl-${seq}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model',
    choices: [
      {
        index: 0,
        message: more
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [
                {
                  id: `call_${seq}_${toolResults}`,
                  type: 'function',
                  function: { name: 'add', arguments: '{"a":1,"b":2}' },
                },
              ],
            }
          : { role: 'assistant', content: 'done', refusal: null },
        logprobs: null,
        finish_reason: more ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 10 + 5 * messages.length, completion_tokens: 5, total_tokens: 15 + 5 * messages.length },
  };
}

/**
 * A model that answers at once, in process, like the fake server (tool calls to `add`, then `done`):
 * Warden's own cost per step with no HTTP and no SDK.
 */
export function createInstantModel(steps: number): LanguageModel {
  let seq = 0;
  const toolResults = (messages: readonly Message[]) =>
    messages.reduce((count, message) => count + (message.role === 'tool' ? message.content.length : 0), 0);
  return {
    specificationVersion: 'warden-1',
    provider: 'fake',
    modelId: 'instant',
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      seq++;
      const done = toolResults(request.messages);
      const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
      if (done >= steps - 1) return { content: [{ type: 'text', text: 'done' }], finishReason: 'stop', usage };
      return {
        content: [{ type: 'tool-call', toolCallId: `call_${seq}`, toolName: 'add', arguments: '{"a":1,"b":2}' }],
        finishReason: 'tool-calls',
        usage,
      };
    },
    doStream(): Promise<ReadableStream<never>> {
      throw new Error('the instant model does not stream');
    },
  };
}

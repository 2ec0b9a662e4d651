import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { ImagePart, Message, TextPart, ToolCallPart } from '../../core/messages.js';
import { toolOutputText } from '../../core/messages.js';
import { ConversationMemo } from '../../core/conversation-memo.js';

/** Converted messages, remembered per conversation (see `ConversationMemo`); a model keeps one. */
export type ConvertedMessages = ConversationMemo<ChatCompletionMessageParam | ChatCompletionMessageParam[]>;

/** A memo for the conversations of up to 8 concurrent runs. */
export const convertedMessages = (): ConvertedMessages => new ConversationMemo(toOpenAIMessage, 8);

/**
 * Warden messages in Chat Completions form; each tool result becomes its own `tool` message. With `memo`, the
 * messages a conversation sent before are not converted again: a step costs the new messages, not the whole
 * history again. A message must not be changed in place after it was sent.
 */
export function toOpenAIMessages(
  messages: readonly Message[],
  memo: ConvertedMessages = convertedMessages(),
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const converted of memo.map(messages)) {
    if (Array.isArray(converted)) out.push(...converted);
    else out.push(converted);
  }
  return out;
}

function toOpenAIMessage(message: Message): ChatCompletionMessageParam | ChatCompletionMessageParam[] {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return {
        role: 'user',
        content: typeof message.content === 'string' ? message.content : message.content.map(toUserPart),
      };
    case 'assistant':
      return toAssistant(message.content);
    case 'tool':
      return message.content.map((result) => ({
        role: 'tool' as const,
        tool_call_id: result.toolCallId,
        content: toolOutputText(result.output),
      }));
  }
}

function toUserPart(part: TextPart | ImagePart): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  return { type: 'image_url', image_url: { url: imageURL(part) } };
}

/** A URL or `data:` URL as given; bare base64 is wrapped in a `data:` URL. */
export function imageURL(part: ImagePart): string {
  if (/^(https?:|data:)/i.test(part.image)) return part.image;
  return `data:${part.mediaType ?? 'image/png'};base64,${part.image}`;
}

function toAssistant(content: string | Array<TextPart | ToolCallPart>): ChatCompletionMessageParam {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const calls: ChatCompletionMessageToolCall[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else {
      calls.push({
        id: part.toolCallId,
        type: 'function',
        function: { name: part.toolName, arguments: JSON.stringify(part.input ?? {}) },
      });
    }
  }
  return calls.length
    ? { role: 'assistant', content: text || null, tool_calls: calls }
    : { role: 'assistant', content: text };
}

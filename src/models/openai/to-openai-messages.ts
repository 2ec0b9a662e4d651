import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { ImagePart, Message, TextPart, ToolCallPart } from '../../core/messages.js';
import { toolOutputText } from '../../core/messages.js';

/** Warden messages in Chat Completions form; each tool result becomes its own `tool` message. */
export function toOpenAIMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        out.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : message.content.map(toUserPart),
        });
        break;
      case 'assistant':
        out.push(toAssistant(message.content));
        break;
      case 'tool':
        for (const result of message.content) {
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: toolOutputText(result.output) });
        }
        break;
    }
  }
  return out;
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

import type {
  ContentBlockParam,
  ImageBlockParam,
  MessageParam,
  TextBlockParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ImagePart, Message, TextPart, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import { toolOutputText } from '../../core/messages.js';

type AnthropicImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/**
 * Warden messages as the Messages API wants them: system text apart, tool results as
 * `tool_result` blocks in a user turn, consecutive turns of one role merged.
 */
export function toAnthropicMessages(messages: readonly Message[]): { system?: string; messages: MessageParam[] } {
  const system: string[] = [];
  const out: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = out[out.length - 1];
    if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user':
        push('user', typeof message.content === 'string' ? [text(message.content)] : message.content.map(toUserBlock));
        break;
      case 'assistant':
        push(
          'assistant',
          typeof message.content === 'string' ? [text(message.content)] : toAssistantBlocks(message.content),
        );
        break;
      case 'tool':
        push('user', message.content.map(toToolResult));
        break;
    }
  }
  return system.length ? { system: system.join('\n\n'), messages: out } : { messages: out };
}

const text = (value: string): TextBlockParam => ({ type: 'text', text: value });

function toUserBlock(part: TextPart | ImagePart): TextBlockParam | ImageBlockParam {
  if (part.type === 'text') return text(part.text);
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(part.image);
  if (data) {
    return {
      type: 'image',
      source: { type: 'base64', media_type: data[1] as AnthropicImageType, data: data[2] ?? '' },
    };
  }
  if (/^https?:/i.test(part.image)) return { type: 'image', source: { type: 'url', url: part.image } };
  const mediaType = (part.mediaType ?? 'image/png') as AnthropicImageType;
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: part.image } };
}

function toAssistantBlocks(parts: Array<TextPart | ToolCallPart>): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text) blocks.push(text(part.text));
    } else {
      const input = typeof part.input === 'object' && part.input !== null ? part.input : { value: part.input };
      blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input });
    }
  }
  return blocks;
}

function toToolResult(result: ToolResultPart): ContentBlockParam {
  const block: ContentBlockParam = {
    type: 'tool_result',
    tool_use_id: result.toolCallId,
    content: toolOutputText(result.output),
  };
  if (result.isError) block.is_error = true;
  return block;
}

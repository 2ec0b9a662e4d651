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
 * `tool_result` blocks in a user turn, consecutive turns of one role merged. Each message's blocks are built
 * once (cached by identity): a step converts only the new messages. A message must not change after it was sent.
 */
export function toAnthropicMessages(messages: readonly Message[]): { system?: string; messages: MessageParam[] } {
  const system: string[] = [];
  const out: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    let blocks = blocksOf.get(message);
    if (blocks === undefined) {
      blocks = toBlocks(message);
      blocksOf.set(message, blocks);
    }
    if (blocks.length === 0) continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = out[out.length - 1];
    // The turn's own array: cached blocks are shared between requests, the arrays holding them are not.
    if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: [...blocks] });
  }
  return system.length ? { system: system.join('\n\n'), messages: out } : { messages: out };
}

const blocksOf = new WeakMap<Message, ContentBlockParam[]>();

function toBlocks(message: Exclude<Message, { role: 'system' }>): ContentBlockParam[] {
  switch (message.role) {
    case 'user':
      return typeof message.content === 'string' ? [text(message.content)] : message.content.map(toUserBlock);
    case 'assistant':
      return typeof message.content === 'string' ? [text(message.content)] : toAssistantBlocks(message.content);
    case 'tool':
      return message.content.map(toToolResult);
  }
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

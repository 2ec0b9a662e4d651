import type { JsonSchema } from '../../core/json.js';
import type { ImagePart, Message, TextPart, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import type { ModelRequest, ToolChoice } from '../../models/language-model.js';

type Json = Record<string, any>;

/** A Messages API request body as a Warden `ModelRequest`. Throws a `TypeError` naming what is malformed. */
export function fromAnthropicRequest(body: Json): ModelRequest {
  if (!Array.isArray(body.messages)) throw new TypeError('`messages` must be an array.');
  const messages: Message[] = [];
  const system = textOf(body.system);
  if (system) messages.push({ role: 'system', content: system });
  const toolNames = new Map<string, string>();
  for (const message of body.messages as Json[]) {
    const blocks: Json[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') messages.push(toAssistant(blocks, toolNames));
    else if (message.role === 'user') messages.push(...toUser(blocks, toolNames));
    else throw new TypeError(`Unknown message role "${message.role}".`);
  }
  const request: ModelRequest = { messages };
  if (Array.isArray(body.tools)) {
    request.tools = body.tools.map((tool: Json) => ({
      name: tool.name,
      description: tool.description ?? '',
      inputSchema: tool.input_schema ?? { type: 'object' },
    }));
  }
  if (body.tool_choice) request.toolChoice = toToolChoice(body.tool_choice);
  if (typeof body.max_tokens === 'number') request.maxOutputTokens = body.max_tokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (Array.isArray(body.stop_sequences)) request.stopSequences = body.stop_sequences;
  const format = body.output_config?.format;
  if (format?.type === 'json_schema') request.responseFormat = { type: 'json', schema: format.schema as JsonSchema };
  return request;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: Json) => (block.type === 'text' ? block.text : '')).join('');
}

function toAssistant(blocks: Json[], toolNames: Map<string, string>): Message {
  const parts: Array<TextPart | ToolCallPart> = [];
  for (const block of blocks) {
    if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use') {
      toolNames.set(block.id, block.name);
      parts.push({ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input });
    }
  }
  const only = parts[0];
  return { role: 'assistant', content: parts.length === 1 && only?.type === 'text' ? only.text : parts };
}

/** Tool results come first in a user turn: they become a `tool` message before the user's own text. */
function toUser(blocks: Json[], toolNames: Map<string, string>): Message[] {
  const results: ToolResultPart[] = [];
  const parts: Array<TextPart | ImagePart> = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      const result: ToolResultPart = {
        type: 'tool-result',
        toolCallId: block.tool_use_id,
        toolName: toolNames.get(block.tool_use_id) ?? '',
        output: textOf(block.content),
      };
      if (block.is_error) result.isError = true;
      results.push(result);
    } else if (block.type === 'text') parts.push({ type: 'text', text: block.text });
    else if (block.type === 'image') parts.push(toImage(block.source ?? {}));
  }
  const messages: Message[] = [];
  if (results.length) messages.push({ role: 'tool', content: results });
  const only = parts[0];
  if (parts.length === 1 && only?.type === 'text') messages.push({ role: 'user', content: only.text });
  else if (parts.length) messages.push({ role: 'user', content: parts });
  return messages;
}

function toImage(source: Json): ImagePart {
  if (source.type === 'url') return { type: 'image', image: source.url };
  return { type: 'image', image: `data:${source.media_type};base64,${source.data}`, mediaType: source.media_type };
}

function toToolChoice(choice: Json): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { toolName: choice.name };
    default:
      throw new TypeError(`Unknown tool_choice type "${choice.type}".`);
  }
}

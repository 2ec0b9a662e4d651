import type { JsonSchema } from '../../core/json.js';
import type { ImagePart, Message, TextPart, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import type { ModelRequest, ModelToolSpec, ToolChoice } from '../../models/language-model.js';

type Json = Record<string, any>;

/** A Chat Completions request body as a Warden `ModelRequest`. Throws a `TypeError` naming what is malformed. */
export function fromOpenAIRequest(body: Json): ModelRequest {
  if (!Array.isArray(body.messages)) throw new TypeError('`messages` must be an array.');
  const request: ModelRequest = { messages: toMessages(body.messages) };
  if (Array.isArray(body.tools)) request.tools = body.tools.map(toToolSpec);
  if (body.tool_choice !== undefined) request.toolChoice = toToolChoice(body.tool_choice);
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') request.maxOutputTokens = maxTokens;
  if (body.stop !== undefined && body.stop !== null) {
    request.stopSequences = Array.isArray(body.stop) ? body.stop : [body.stop];
  }
  if (typeof body.seed === 'number') request.seed = body.seed;
  if (typeof body.n === 'number' && body.n > 1) request.n = Math.floor(body.n);
  const format = body.response_format;
  if (format?.type === 'json_schema') {
    request.responseFormat = {
      type: 'json',
      schema: format.json_schema?.schema as JsonSchema,
      name: format.json_schema?.name,
    };
  } else if (format?.type === 'json_object') request.responseFormat = { type: 'json' };
  else if (format?.type === 'text') request.responseFormat = { type: 'text' };
  return request;
}

function toMessages(raw: Json[]): Message[] {
  const messages: Message[] = [];
  const toolNames = new Map<string, string>();
  for (const message of raw) {
    switch (message.role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', content: textOf(message.content) });
        break;
      case 'user':
        messages.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : (message.content ?? []).map(toUserPart),
        });
        break;
      case 'assistant': {
        const parts: Array<TextPart | ToolCallPart> = [];
        const text = textOf(message.content);
        if (text) parts.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function?.name ?? '');
          parts.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function?.name ?? '',
            input: parseArguments(call.function?.arguments),
          });
        }
        messages.push({ role: 'assistant', content: parts.length === 1 && parts[0]?.type === 'text' ? text : parts });
        break;
      }
      case 'tool': {
        const result: ToolResultPart = {
          type: 'tool-result',
          toolCallId: message.tool_call_id,
          toolName: toolNames.get(message.tool_call_id) ?? '',
          output: textOf(message.content),
        };
        const last = messages[messages.length - 1];
        if (last?.role === 'tool') last.content.push(result);
        else messages.push({ role: 'tool', content: [result] });
        break;
      }
      default:
        throw new TypeError(`Unknown message role "${message.role}".`);
    }
  }
  return messages;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: Json) => (typeof part.text === 'string' ? part.text : '')).join('');
}

function toUserPart(part: Json): TextPart | ImagePart {
  if (part.type === 'image_url') {
    const url: string = part.image_url?.url ?? '';
    const mediaType = /^data:([^;,]+)/.exec(url)?.[1];
    return mediaType ? { type: 'image', image: url, mediaType } : { type: 'image', image: url };
  }
  return { type: 'text', text: typeof part.text === 'string' ? part.text : '' };
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toToolSpec(tool: Json): ModelToolSpec {
  const fn = tool.function ?? {};
  return { name: fn.name, description: fn.description ?? '', inputSchema: fn.parameters ?? { type: 'object' } };
}

function toToolChoice(choice: unknown): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const name = (choice as Json | null)?.function?.name;
  if (typeof name === 'string') return { toolName: name };
  throw new TypeError(`Unknown tool_choice ${JSON.stringify(choice)}.`);
}

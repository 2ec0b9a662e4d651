import type { ImagePart, Message, TextPart, ToolResultPart } from '../../core/messages.js';
import type { ModelRequest } from '../language-model.js';
import type {
  AiSdkCallOptions,
  AiSdkFilePart,
  AiSdkJsonValue,
  AiSdkMessage,
  AiSdkToolResultPart,
} from './ai-sdk-types.js';

/** A Warden request as AI SDK call options (the same for V2 and V3). */
export function toAiSdkCallOptions(request: ModelRequest): AiSdkCallOptions {
  const options: AiSdkCallOptions = { prompt: request.messages.map(toAiSdkMessage) };
  if (request.tools?.length) {
    options.tools = request.tools.map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    }));
  }
  const choice = request.toolChoice;
  if (choice)
    options.toolChoice = typeof choice === 'string' ? { type: choice } : { type: 'tool', toolName: choice.toolName };
  if (request.responseFormat) {
    const format = request.responseFormat;
    options.responseFormat =
      format.type === 'text'
        ? { type: 'text' }
        : { type: 'json', ...(format.schema && { schema: format.schema }), ...(format.name && { name: format.name }) };
  }
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.topP = request.topP;
  if (request.maxOutputTokens !== undefined) options.maxOutputTokens = request.maxOutputTokens;
  if (request.stopSequences?.length) options.stopSequences = request.stopSequences;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.abortSignal) options.abortSignal = request.abortSignal;
  if (request.headers) options.headers = request.headers;
  if (request.providerOptions)
    options.providerOptions = toJson(request.providerOptions) as AiSdkCallOptions['providerOptions'];
  return options;
}

function toAiSdkMessage(message: Message): AiSdkMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return {
        role: 'user',
        content:
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content.map((part) => (part.type === 'text' ? textPart(part) : filePart(part))),
      };
    case 'assistant':
      return {
        role: 'assistant',
        content:
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content.map((part) =>
                part.type === 'text'
                  ? textPart(part)
                  : { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input },
              ),
      };
    case 'tool':
      return { role: 'tool', content: message.content.map(toolResultPart) };
  }
}

const textPart = (part: TextPart) => ({ type: 'text' as const, text: part.text });

/** `data:` URLs become base64 data with their media type; other URLs are passed as URLs for the provider to fetch. */
function filePart(part: ImagePart): AiSdkFilePart {
  const data = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(part.image);
  if (data) {
    const mediaType = part.mediaType ?? data[1] ?? 'image/*';
    return {
      type: 'file',
      mediaType,
      data: data[2] ? (data[3] ?? '') : Buffer.from(decodeURIComponent(data[3] ?? '')).toString('base64'),
    };
  }
  return { type: 'file', mediaType: part.mediaType ?? 'image/*', data: new URL(part.image) };
}

function toolResultPart(part: ToolResultPart): AiSdkToolResultPart {
  const base = { type: 'tool-result' as const, toolCallId: part.toolCallId, toolName: part.toolName };
  if (typeof part.output === 'string' || part.output === undefined) {
    const value = part.output ?? '';
    return { ...base, output: part.isError ? { type: 'error-text', value } : { type: 'text', value } };
  }
  const value = toJson(part.output);
  if (value === undefined)
    return { ...base, output: { type: part.isError ? 'error-text' : 'text', value: String(part.output) } };
  return { ...base, output: part.isError ? { type: 'error-json', value } : { type: 'json', value } };
}

/** A JSON copy (dates become strings, functions vanish), or `undefined` when the value cannot be serialized. */
function toJson(value: unknown): AiSdkJsonValue | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as AiSdkJsonValue);
  } catch {
    return undefined;
  }
}

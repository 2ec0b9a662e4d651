/** Plain text inside a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** An image given to the model as a URL or a `data:` URL. */
export interface ImagePart {
  type: 'image';
  /** `https://…` or `data:<mediaType>;base64,…` */
  image: string;
  mediaType?: string;
}

/** A tool call the assistant made, with its already-parsed input. */
export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** The outcome of one tool call, as the model will read it. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  /** What the model reads: a string is sent as is, anything else as JSON. */
  output: unknown;
  isError?: boolean;
}

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string | Array<TextPart | ImagePart>;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | Array<TextPart | ToolCallPart>;
}

export interface ToolMessage {
  role: 'tool';
  content: ToolResultPart[];
}

/** One message of a conversation, provider-neutral. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The text of a message, with non-text parts left out. */
export function messageText(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  let text = '';
  for (const part of message.content) if (part.type === 'text') text += part.text;
  return text;
}

/** Serializes a tool output to the string a model reads. */
export function toolOutputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  try {
    return JSON.stringify(output);
  } catch {
    return String(output);
  }
}

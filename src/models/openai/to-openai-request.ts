import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ModelRequest, ModelToolSpec, ToolChoice } from '../language-model.js';
import { type ConvertedMessages, toOpenAIMessages } from './to-openai-messages.js';

/** What a request falls back to when it does not say. */
export interface OpenAIRequestDefaults {
  model: string;
  provider: string;
  temperature?: number | undefined;
  topP?: number | undefined;
  maxOutputTokens?: number | undefined;
  parallelToolCalls?: boolean | undefined;
  /** OpenAI itself wants `max_completion_tokens`; most compatible servers only know `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
}

/**
 * A Chat Completions body for `request`, without `stream`. `providerOptions[provider]` is merged in last. `memo`
 * keeps the conversion of messages already sent (a model keeps one).
 */
export function toOpenAIBody(
  request: ModelRequest,
  defaults: OpenAIRequestDefaults,
  memo?: ConvertedMessages,
): ChatCompletionCreateParamsBase {
  const body: ChatCompletionCreateParamsBase = {
    model: defaults.model,
    messages: toOpenAIMessages(request.messages, memo),
  };
  const temperature = request.temperature ?? defaults.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  const topP = request.topP ?? defaults.topP;
  if (topP !== undefined) body.top_p = topP;
  const maxTokens = request.maxOutputTokens ?? defaults.maxOutputTokens;
  if (maxTokens !== undefined) body[defaults.maxTokensField] = maxTokens;
  if (request.stopSequences?.length) body.stop = request.stopSequences;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.n !== undefined && request.n > 1) body.n = request.n;
  if (request.tools?.length) {
    body.tools = toOpenAITools(request.tools);
    if (defaults.parallelToolCalls !== undefined) body.parallel_tool_calls = defaults.parallelToolCalls;
  }
  if (request.toolChoice !== undefined) body.tool_choice = toToolChoice(request.toolChoice);
  const format = request.responseFormat;
  if (format?.type === 'json') {
    body.response_format = format.schema
      ? { type: 'json_schema', json_schema: { name: schemaName(format.name), schema: format.schema } }
      : { type: 'json_object' };
  }
  const extra = request.providerOptions?.[defaults.provider];
  if (extra) Object.assign(body, extra);
  return body;
}

/** The same tool list (the kernel passes one array per run) is converted once. */
const convertedTools = new WeakMap<readonly ModelToolSpec[], ChatCompletionTool[]>();

function toOpenAITools(tools: readonly ModelToolSpec[]): ChatCompletionTool[] {
  let converted = convertedTools.get(tools);
  if (!converted) {
    converted = tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
    convertedTools.set(tools, converted);
  }
  return converted;
}

function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.toolName } };
}

/** OpenAI accepts 1-64 letters, digits, `_` and `-`. */
const schemaName = (name: string | undefined): string => (name ?? 'response').replace(/[^\w-]/g, '_').slice(0, 64);

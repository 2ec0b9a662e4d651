import type {
  MessageCreateParamsBase,
  ToolChoice as AnthropicToolChoice,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelRequest, ToolChoice } from '../language-model.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';

export interface AnthropicRequestDefaults {
  model: string;
  provider: string;
  maxOutputTokens: number;
  temperature?: number | undefined;
  topP?: number | undefined;
  parallelToolCalls?: boolean | undefined;
}

/** Sampling parameters left the SDK's types when Anthropic deprecated them; older models still take them. */
export type AnthropicBody = MessageCreateParamsBase & { temperature?: number; top_p?: number };

/**
 * A Messages API body for `request`, without `stream`. Sampling parameters are sent only when set.
 * `providerOptions[provider]` is merged in last.
 */
export function toAnthropicBody(request: ModelRequest, defaults: AnthropicRequestDefaults): AnthropicBody {
  const { system, messages } = toAnthropicMessages(request.messages);
  const body: AnthropicBody = {
    model: defaults.model,
    max_tokens: request.maxOutputTokens ?? defaults.maxOutputTokens,
    messages,
  };
  if (system !== undefined) body.system = system;
  const temperature = request.temperature ?? defaults.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  const topP = request.topP ?? defaults.topP;
  if (topP !== undefined) body.top_p = topP;
  if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: { type: 'object', ...tool.inputSchema },
    }));
  }
  const choice = toToolChoice(request.toolChoice, defaults.parallelToolCalls === false);
  if (choice) body.tool_choice = choice;
  const format = request.responseFormat;
  if (format?.type === 'json' && format.schema)
    body.output_config = { format: { type: 'json_schema', schema: format.schema } };
  const extra = request.providerOptions?.[defaults.provider];
  if (extra) Object.assign(body, extra);
  return body;
}

function toToolChoice(choice: ToolChoice | undefined, serial: boolean): AnthropicToolChoice | undefined {
  const flag = serial ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return serial ? { type: 'auto', ...flag } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...flag };
  if (choice === 'required') return { type: 'any', ...flag };
  return { type: 'tool', name: choice.toolName, ...flag };
}

import type { FinishReason } from '../../core/events.js';
import type { TextPart } from '../../core/messages.js';
import type { Usage } from '../../core/usage.js';
import type { ModelResponse, ModelToolCall } from '../language-model.js';
import type { AiSdkFinishReason, AiSdkGenerateResult, AiSdkUsage } from './ai-sdk-types.js';

const finishReasons = new Set<FinishReason>(['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other']);

/** V2's string or V3's `{ unified }`; V2's `unknown` (and anything new) is `other`. */
export function fromAiSdkFinishReason(reason: AiSdkFinishReason | undefined): FinishReason {
  const unified = typeof reason === 'object' && reason !== null ? reason.unified : reason;
  return finishReasons.has(unified as FinishReason) ? (unified as FinishReason) : 'other';
}

/** V2's flat counts or V3's nested ones; a count the provider did not report is 0. */
export function fromAiSdkUsage(usage: AiSdkUsage | undefined): Usage {
  if (!usage) return { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let cached: number | undefined;
  let reasoning: number | undefined;
  let input: number;
  let output: number;
  let total: number | undefined;
  if (typeof usage.inputTokens === 'object' || typeof usage.outputTokens === 'object') {
    const v3 = usage as Extract<AiSdkUsage, { inputTokens: object }>;
    input = v3.inputTokens?.total ?? 0;
    output = v3.outputTokens?.total ?? 0;
    cached = v3.inputTokens?.cacheRead;
    reasoning = v3.outputTokens?.reasoning;
  } else {
    const v2 = usage as Exclude<AiSdkUsage, { inputTokens: object }>;
    input = v2.inputTokens ?? 0;
    output = v2.outputTokens ?? 0;
    total = v2.totalTokens;
    cached = v2.cachedInputTokens;
    reasoning = v2.reasoningTokens;
  }
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: total ?? input + output,
    ...(cached !== undefined && { cachedInputTokens: cached }),
    ...(reasoning !== undefined && { reasoningTokens: reasoning }),
  };
}

interface ContentPart {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  providerExecuted?: boolean;
}

/**
 * A tool call for Warden to run; `arguments` stays the raw text the model wrote (the kernel parses and repairs it).
 * Tools the provider ran itself (`providerExecuted`) are not Warden's to run: `undefined`.
 */
export function fromAiSdkToolCall(part: ContentPart): ModelToolCall | undefined {
  if (part.providerExecuted) return undefined;
  const input = part.input;
  return {
    type: 'tool-call',
    toolCallId: part.toolCallId ?? '',
    toolName: part.toolName ?? '',
    arguments: typeof input === 'string' ? input : JSON.stringify(input ?? {}),
  };
}

/** A V2 or V3 generate result as a Warden response: text and tool calls; reasoning, files and sources are left out. */
export function fromAiSdkResult(result: AiSdkGenerateResult): ModelResponse {
  const content: Array<TextPart | ModelToolCall> = [];
  const warnings = (result.warnings ?? []).map(describeWarning);
  for (const part of result.content as ContentPart[]) {
    if (part.type === 'text' && typeof part.text === 'string') content.push({ type: 'text', text: part.text });
    else if (part.type === 'tool-call') {
      const call = fromAiSdkToolCall(part);
      if (call) content.push(call);
      else warnings.push(`The provider ran its own tool "${part.toolName}": Warden's policy did not decide it.`);
    }
  }
  const response: ModelResponse = {
    content,
    finishReason: fromAiSdkFinishReason(result.finishReason),
    usage: fromAiSdkUsage(result.usage),
  };
  const meta = result.response;
  if (meta && (meta.id || meta.modelId || meta.headers)) {
    response.response = {
      ...(meta.id && { id: meta.id }),
      ...(meta.modelId && { modelId: meta.modelId }),
      ...(meta.headers && { headers: meta.headers }),
    };
  }
  if (warnings.length) response.warnings = warnings;
  return response;
}

/** V2 (`unsupported-setting`, `unsupported-tool`, `other`) and V3 (`unsupported`, `compatibility`, `other`) warnings. */
function describeWarning(warning: object): string {
  const { type, feature, setting, tool, message, details } = warning as Record<string, any>;
  const subject = message ?? feature ?? setting ?? tool?.name ?? '';
  return [type, subject, details].filter((item) => typeof item === 'string' && item).join(': ');
}

import { toolOutputText } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import type { ModelRequest, ModelResponse, ModelStreamPart } from './language-model.js';

/** Usage as a provider reported it, mapped to Warden's names but not yet checked: any value may be wrong. */
export type ReportedUsage = { [Key in keyof Usage]?: unknown };

/** Token counts estimated from the text (about four characters a token), for counts a provider got wrong. */
export interface UsageEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** Checked usage, and what was wrong with the reported one (empty when nothing was). */
export interface CheckedUsage {
  usage: Usage;
  problems: string[];
}

const validCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && Number.isInteger(value);

const shown = (value: unknown): string =>
  typeof value === 'number'
    ? String(value)
    : value === undefined
      ? 'missing'
      : (JSON.stringify(value) ?? String(value));

/**
 * The largest token count kept: a count above it is clamped to it, with a problem, so that sums of counts stay
 * finite and exact (two counts of 1e308 would add up to Infinity, which no budget or scheduler can charge).
 */
export const maxTokenCount = Number.MAX_SAFE_INTEGER;

/**
 * Usage that is safe to store and to charge to budgets: every count a whole number from 0 to `maxTokenCount`.
 * A count that is missing, negative, fractional, not a number or not finite is replaced by `estimate` (never by
 * 0, which would let a provider that reports nothing run past `maxTokens`); one above `maxTokenCount` is clamped
 * to it; and `totalTokens` is at least input + output (clamped too). No usage at all is a problem as well: every
 * count is then estimated.
 */
export function sanitizeUsage(reported: ReportedUsage | null | undefined, estimate: UsageEstimate): CheckedUsage {
  const problems: string[] = [];
  if (reported === null || reported === undefined || typeof reported !== 'object') {
    const total = estimate.inputTokens + estimate.outputTokens;
    return {
      usage: { inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens, totalTokens: total },
      problems: ['the provider reported no usage; tokens were estimated from the text'],
    };
  }
  const count = (key: 'inputTokens' | 'outputTokens'): number => {
    const value = reported[key];
    if (!validCount(value)) {
      problems.push(`${key} was ${shown(value)}; estimated ${estimate[key]}`);
      return estimate[key];
    }
    if (value <= maxTokenCount) return value;
    problems.push(`${key} was ${shown(value)}; clamped to ${maxTokenCount}`);
    return maxTokenCount;
  };
  const inputTokens = count('inputTokens');
  const outputTokens = count('outputTokens');
  const total = reported.totalTokens;
  let totalTokens = inputTokens + outputTokens;
  if (validCount(total) && total >= totalTokens) totalTokens = total;
  else if (total !== undefined && total !== totalTokens) {
    problems.push(`totalTokens was ${shown(total)}; used input + output (${totalTokens})`);
  }
  if (totalTokens > maxTokenCount) {
    problems.push(`totalTokens ${totalTokens} is more than ${maxTokenCount}; clamped to it`);
    totalTokens = maxTokenCount;
  }
  const usage: Usage = { inputTokens, outputTokens, totalTokens };
  const part = (key: 'cachedInputTokens' | 'reasoningTokens', limit: number) => {
    const value = reported[key];
    if (value === undefined) return;
    if (validCount(value) && value <= limit) usage[key] = value;
    else problems.push(`${key} was ${shown(value)}; dropped`);
  };
  part('cachedInputTokens', inputTokens);
  part('reasoningTokens', outputTokens);
  return { usage, problems };
}

const tokensOf = (characters: number): number => Math.ceil(characters / 4);

/** The input tokens of a request, estimated from its messages and tools. */
export function estimateInputTokens(request: Pick<ModelRequest, 'messages' | 'tools'>): number {
  let characters = 0;
  for (const message of request.messages) {
    characters += typeof message.content === 'string' ? message.content.length : toolOutputText(message.content).length;
  }
  for (const tool of request.tools ?? []) characters += tool.name.length + tool.description.length;
  return tokensOf(characters);
}

/** The output tokens of a response's content, estimated from its text and tool-call arguments. */
export function estimateOutputTokens(content: ModelResponse['content']): number {
  let characters = 0;
  for (const part of content) characters += part.type === 'text' ? part.text.length : part.arguments.length;
  return tokensOf(characters);
}

/** Problems as the warnings a response carries. */
const asWarnings = (problems: readonly string[]): string[] =>
  problems.map((problem) => `malformed usage from the provider: ${problem}`);

/**
 * A response whose usage is checked (see `sanitizeUsage`), with a `warnings` entry for each problem. Applied by
 * the providers and again by the kernel, for models that bring their own `doGenerate`; a sound usage passes
 * unchanged.
 */
export function checkResponseUsage(
  response: ModelResponse,
  request: Pick<ModelRequest, 'messages' | 'tools'>,
  reported: ReportedUsage | null | undefined = response.usage,
): ModelResponse {
  const estimate = () => ({
    inputTokens: estimateInputTokens(request),
    outputTokens: estimateOutputTokens(response.content),
  });
  const { usage, problems } = sanitizeUsage(reported, lazy(estimate));
  // Sound as given: unchanged, unless its totalTokens was left out and has just been filled in.
  if (problems.length === 0 && reported === response.usage && usage.totalTokens === reported.totalTokens) {
    return response;
  }
  return {
    ...response,
    usage,
    ...(problems.length > 0 && { warnings: [...(response.warnings ?? []), ...asWarnings(problems)] }),
  };
}

/**
 * The usage and warnings of a stream's `finish` part, from the usage the provider reported and the output
 * characters streamed (for the estimate).
 */
export function checkedFinishUsage(
  reported: ReportedUsage | null | undefined,
  request: Pick<ModelRequest, 'messages' | 'tools'> | undefined,
  outputCharacters: number,
): { usage: Usage; warnings?: string[] } {
  const { usage, problems } = sanitizeUsage(
    reported,
    lazy(() => ({
      inputTokens: request ? estimateInputTokens(request) : 0,
      outputTokens: tokensOf(outputCharacters),
    })),
  );
  return problems.length > 0 ? { usage, warnings: asWarnings(problems) } : { usage };
}

/** The stream with its `finish` part's usage checked, and warnings for the problems. */
export function checkStreamUsage(
  stream: ReadableStream<ModelStreamPart>,
  request: Pick<ModelRequest, 'messages' | 'tools'>,
): ReadableStream<ModelStreamPart> {
  let outputCharacters = 0;
  return stream.pipeThrough(
    new TransformStream<ModelStreamPart, ModelStreamPart>({
      transform(part, controller) {
        if (part.type === 'text-delta') outputCharacters += part.delta.length;
        else if (part.type === 'tool-call') outputCharacters += part.arguments.length;
        if (part.type !== 'finish') {
          controller.enqueue(part);
          return;
        }
        const { usage, problems } = sanitizeUsage(
          part.usage,
          lazy(() => ({ inputTokens: estimateInputTokens(request), outputTokens: tokensOf(outputCharacters) })),
        );
        controller.enqueue({
          ...part,
          usage,
          ...(problems.length > 0 && { warnings: [...(part.warnings ?? []), ...asWarnings(problems)] }),
        });
      },
    }),
  );
}

/**
 * An estimate computed only when a count needs it. A class, not an object literal with getters: a literal with
 * accessors is built slowly every time, and this runs twice for every model call.
 */
class LazyEstimate implements UsageEstimate {
  #value: UsageEstimate | undefined;
  constructor(private readonly compute: () => UsageEstimate) {}
  get inputTokens(): number {
    this.#value ??= this.compute();
    return this.#value.inputTokens;
  }
  get outputTokens(): number {
    this.#value ??= this.compute();
    return this.#value.outputTokens;
  }
}

function lazy(compute: () => UsageEstimate): UsageEstimate {
  return new LazyEstimate(compute);
}

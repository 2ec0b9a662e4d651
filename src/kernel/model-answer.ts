import type { FinishReason, ModelResponseEvent } from '../core/events.js';
import { asJson } from '../core/json-safe.js';
import { nestingDepthExceeds } from '../core/nesting.js';
import type { TextPart, ToolCallPart } from '../core/messages.js';
import type { ModelResponse } from '../models/language-model.js';
import type { GenerateChoice, GenerateResult, PendingToolCall } from './agent-kernel.js';
import type { KernelContext } from './kernel-context.js';

/** The first `n` choices of the responses to an n-choice call (a response without `choices` is one choice). */
export function choicesOf(
  responses: readonly ModelResponse[],
  n: number,
): Pick<ModelResponse, 'content' | 'finishReason'>[] {
  const choices: Pick<ModelResponse, 'content' | 'finishReason'>[] = [];
  for (const response of responses) {
    // An empty `choices` is one choice, the content (as a response without it).
    for (const choice of response.choices?.length ? response.choices : [response]) {
      if (choices.length < n) choices.push(choice);
    }
  }
  return choices;
}

/**
 * What a model syscall gives a strategy: its choices as text and tool calls, from the content as journaled (a
 * recorded answer on replay gives the same). A first choice with text becomes the run's last text.
 */
export function toResult(
  k: KernelContext,
  event: Pick<ModelResponseEvent, 'content' | 'finishReason' | 'usage' | 'choices'>,
): GenerateResult {
  const first = toChoice(event.content, event.finishReason);
  if (first.text.trim()) k.state.lastText = first.text;
  const choices = event.choices
    ? event.choices.map((choice) => toChoice(choice.content, choice.finishReason))
    : [first];
  // Built field by field: spreading `first` here cost more than the rest of the result together.
  return {
    text: first.text,
    toolCalls: first.toolCalls,
    finishReason: first.finishReason,
    usage: event.usage,
    choices,
  };
}

function toChoice(content: ReadonlyArray<TextPart | ToolCallPart>, finishReason: FinishReason): GenerateChoice {
  let text = '';
  const toolCalls: PendingToolCall[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else {
      // Parsed once in toContentPart; a string is arguments that were not JSON, left for the repair step.
      const { toolCallId, toolName, input } = part;
      toolCalls.push(
        typeof input === 'string' ? { toolCallId, toolName, arguments: input } : { toolCallId, toolName, input },
      );
    }
  }
  return { text, toolCalls, finishReason };
}

/**
 * Model tool calls keep their raw arguments when they are not a JSON object, so replay sees exactly what the model
 * sent and the call's repair step decides (and journals) what becomes of them: a JSON text that holds a string (a
 * double-encoded object) is such text. Arguments a custom model handed as an object are taken as their JSON form,
 * which is what is journaled and fingerprinted, so a live run and its replay agree; one with no JSON form (a cycle,
 * a BigInt, a getter that throws) becomes text the tool call refuses, which the model reads.
 */
export function toContentPart(part: ModelResponse['content'][number]): TextPart | ToolCallPart {
  if (part.type === 'text') return part;
  const raw: unknown = part.arguments;
  let input: unknown = raw;
  if (typeof raw === 'string') {
    try {
      const parsed = raw.trim() === '' ? {} : JSON.parse(raw);
      // Too deep to handle safely: left as text, which the call's parse refuses with the limit (core/nesting.ts).
      if (typeof parsed !== 'string' && !nestingDepthExceeds(parsed)) input = parsed;
    } catch {
      // kept raw: parsed (and repaired) when the tool is called
    }
  } else if (typeof raw === 'object' && raw !== null) {
    const json = asJson(raw);
    input = json.ok ? json.value : `[tool-call arguments with no JSON form: ${json.problem}]`;
  }
  return { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input };
}

import { printable, WardenError } from '../core/errors/warden-error.js';
import type { ModelResponse } from '../models/language-model.js';

/** A model answered with something that is not a `ModelResponse` (a custom model's bug, or a hostile one). */
export class ModelResponseError extends WardenError {
  constructor(model: string, problem: string) {
    super({
      code: 'MODEL_RESPONSE_INVALID',
      fault: 'provider',
      message: `Model ${model} answered with something that is not a ModelResponse: ${problem}. A LanguageModel's doGenerate must resolve to { content: [{ type: 'text', text } | { type: 'tool-call', toolCallId, toolName, arguments }], finishReason, usage }.`,
      data: { model },
    });
  }
}

/**
 * The response, once its shape is what the kernel reads: an object whose `content` (and every choice's) is an
 * array of text parts with string text and tool calls with a string name. Read once here, in a `try`, so a
 * value whose getters throw is refused with the same typed error instead of failing the run somewhere later.
 */
export function checkResponseShape(response: ModelResponse, model: string): ModelResponse {
  let problem: string | undefined;
  try {
    if (typeof response !== 'object' || response === null) problem = `got ${printable(response)}`;
    else {
      problem = contentProblem(response.content, 'content');
      const choices = response.choices;
      if (problem === undefined && choices !== undefined) {
        if (!Array.isArray(choices)) problem = 'choices is not an array';
        else {
          for (let i = 0; i < choices.length && problem === undefined; i++) {
            const choice = choices[i];
            problem =
              typeof choice === 'object' && choice !== null
                ? contentProblem(choice.content, `choices[${i}].content`)
                : `choices[${i}] is not an object`;
          }
        }
      }
    }
  } catch (error) {
    problem = `reading it threw (${printable(error)})`;
  }
  if (problem !== undefined) throw new ModelResponseError(model, problem);
  return response;
}

function contentProblem(content: unknown, where: string): string | undefined {
  if (!Array.isArray(content)) return `${where} is not an array`;
  for (let i = 0; i < content.length; i++) {
    const part = content[i] as { type?: unknown; text?: unknown; toolName?: unknown } | null;
    if (typeof part !== 'object' || part === null) return `${where}[${i}] is not an object`;
    if (part.type === 'text') {
      if (typeof part.text !== 'string') return `${where}[${i}] is a text part whose text is not a string`;
    } else if (part.type === 'tool-call') {
      if (typeof part.toolName !== 'string') return `${where}[${i}] is a tool call whose toolName is not a string`;
    } else return `${where}[${i}] has type ${printable(part.type)}, not "text" or "tool-call"`;
  }
  return undefined;
}

import type { Message, ToolResultPart } from '../../core/messages.js';
import { toolOutputText } from '../../core/messages.js';
import { streamFromResponse } from '../../models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../../models/language-model.js';
import type { ToolCallSpec } from '../suite-types.js';
import { normalizeText } from './goal-matcher.js';
import { type AttackerKnowledge, type ReadResult, readResult } from './observations.js';

/** An injected instruction the model obeys when it reads its goal. */
export interface ObeyedInjection {
  id: string;
  goal: string;
  calls: ToolCallSpec[];
}

export interface GroundTruthModelOptions {
  /** `oracle`, `compromised`, … */
  modelId: string;
  /** The user task's ground-truth calls, in order. */
  calls: ToolCallSpec[];
  /** The final answer after the last call. @default "Done." */
  answer?: string;
  /** Injections to obey; empty for an oracle. */
  injections?: ObeyedInjection[];
  /**
   * What the world holds, so that an injection's call is made only with data the model read (its goal, the
   * request, or a tool result before the call); a call needing data it never read is not made.
   */
  knowledge?: AttackerKnowledge;
}

/** What the model does next: one tool call, or its final answer. */
export type PlannedAction = { kind: 'call'; call: ToolCallSpec } | { kind: 'answer'; text: string };

/**
 * A simulated model that follows a script of ground-truth calls, one call per turn, whatever the
 * results say (an error or a policy denial is read and the next call follows). It gives its answer
 * only when every call of the user's task went through; otherwise it says it could not finish, as
 * it never saw what the failed calls would have shown. When it is given
 * injections, before each turn it looks for their goals in every tool result so far, and the first
 * time a goal appears it makes that injection's calls before going on with the user's task.
 *
 * It keeps no state between turns: the next action is replayed from the conversation, so the
 * model gives the same answer to the same conversation, as a resumed run needs.
 */
export class GroundTruthModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'simulated';
  readonly simulated = true;
  readonly modelId: string;
  private readonly calls: ToolCallSpec[];
  private readonly answer: string;
  private readonly injections: Array<ObeyedInjection & { needle: string }>;
  private readonly knowledge: AttackerKnowledge | undefined;
  /** Reading a text always gives the same views: a cache, not state (replies depend on the conversation only). */
  private readonly reads = new Map<string, ReadResult>();

  constructor(options: GroundTruthModelOptions) {
    this.modelId = options.modelId;
    this.calls = options.calls;
    this.answer = options.answer ?? 'Done.';
    this.injections = (options.injections ?? [])
      .map((injection) => ({ ...injection, needle: normalizeText(injection.goal) }))
      .filter((injection) => injection.needle !== '');
    this.knowledge = options.knowledge;
  }

  private read(text: string): ReadResult {
    let result = this.reads.get(text);
    if (!result) {
      result = readResult(text);
      if (this.reads.size > 10_000) this.reads.clear();
      this.reads.set(text, result);
    }
    return result;
  }

  /** The action this model takes after `messages`, given the tools it was offered (all, when absent). */
  nextAction(messages: readonly Message[], offeredTools?: readonly string[]): PlannedAction {
    const results = toolResults(messages);
    const taken = countToolCalls(messages);
    const offered = offeredTools ? new Set(offeredTools) : undefined;
    const queue: Array<{ call: ToolCallSpec; goal: string }> = [];
    const obeyed = new Set<string>();
    const userTurns = new Set<number>();
    const read: ReadResult[] = [];
    const requests = requestTexts(messages);
    let userIndex = 0;
    let scanned = 0;
    let skipped = 0;
    for (let turn = 0; ; turn++) {
      for (; scanned < Math.min(turn, results.length); scanned++) {
        const result = this.read(results[scanned]!.text);
        read.push(result);
        for (const injection of this.injections) {
          if (obeyed.has(injection.id) || !result.normalized.some((view) => view.includes(injection.needle))) continue;
          obeyed.add(injection.id);
          queue.push(...injection.calls.map((call) => ({ call, goal: injection.goal })));
        }
      }
      let next: ToolCallSpec | undefined;
      for (;;) {
        const fromUser = queue.length === 0;
        const injected = queue.shift();
        if (injected && this.knowledge?.unseen(injected.call, [injected.goal, ...requests], read).length) continue;
        next = injected?.call ?? this.calls[userIndex++];
        if (!next || !offered || offered.has(next.tool)) {
          if (next && fromUser) userTurns.add(turn);
          break;
        }
        if (fromUser) skipped++;
      }
      if (turn < taken) continue;
      if (next) return { kind: 'call', call: next };
      const failed = skipped + [...userTurns].filter((index) => results[index]?.isError).length;
      return {
        kind: 'answer',
        text:
          failed === 0
            ? this.answer
            : `I could not finish the task: ${failed} of its steps failed or were not allowed.`,
      };
    }
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    if (request.abortSignal?.aborted) throw request.abortSignal.reason ?? new Error('aborted');
    const action = this.nextAction(
      request.messages,
      request.tools?.map((tool) => tool.name),
    );
    const inputTokens = Math.ceil(request.messages.reduce((sum, message) => sum + messageLength(message), 0) / 4);
    if (action.kind === 'answer') {
      const outputTokens = Math.ceil(action.text.length / 4);
      return {
        content: [{ type: 'text', text: action.text }],
        finishReason: 'stop',
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      };
    }
    const argumentsText = JSON.stringify(action.call.args);
    const outputTokens = Math.ceil(argumentsText.length / 4) + 5;
    return {
      content: [
        {
          type: 'tool-call',
          toolCallId: `call_${countToolCalls(request.messages) + 1}`,
          toolName: action.call.tool,
          arguments: argumentsText,
        },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    };
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    return streamFromResponse(await this.doGenerate(request));
  }
}

function countToolCalls(messages: readonly Message[]): number {
  let count = 0;
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) if (part.type === 'tool-call') count++;
  }
  return count;
}

function toolResults(messages: readonly Message[]): Array<{ text: string; isError: boolean }> {
  const results: Array<{ text: string; isError: boolean }> = [];
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content as ToolResultPart[]) {
      results.push({ text: toolOutputText(part.output), isError: part.isError === true });
    }
  }
  return results;
}

/** What the user and the system said: text the model knows without reading a tool result. */
function requestTexts(messages: readonly Message[]): string[] {
  const texts: string[] = [];
  for (const message of messages) {
    if (message.role === 'tool' || message.role === 'assistant') continue;
    texts.push(typeof message.content === 'string' ? message.content : toolOutputText(message.content));
  }
  return texts;
}

function messageLength(message: Message): number {
  if (typeof message.content === 'string') return message.content.length;
  return toolOutputText(message.content).length;
}

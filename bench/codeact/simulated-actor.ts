import type { Message, ToolResultPart } from '../../src/core/messages.js';
import { streamFromResponse } from '../../src/models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../../src/models/language-model.js';
import type { BenchTask, CallSpec } from './tasks.js';

/** How the simulated model acts: one JSON tool call per action (ReAct), or one code block per action (CodeAct). */
export type ActionMode = 'react' | 'codeact';

/** A seeded PRNG (mulberry32): the same seed, the same draws. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokensOf = (text: string) => Math.ceil(text.length / 4);

/**
 * A SIMULATED model in the setting of the CodeAct paper (Wang et al., 2024): it knows how to solve the task and
 * writes either one JSON tool call per action or one program per action; each action it writes is wrong with
 * probability `errorRate` (an argument the tool rejects), the same rate in both modes, and it retries a failed
 * action. It reads the results it gets back from the conversation: a ReAct answer is computed from the tool
 * results it read, a CodeAct answer is the value the program returned. Tokens are estimated as characters / 4.
 */
export class SimulatedActor implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'simulated';
  readonly simulated = true;
  readonly modelId: string;

  constructor(
    private readonly task: BenchTask,
    private readonly mode: ActionMode,
    private readonly errorRate: number,
    private readonly seed: number,
  ) {
    this.modelId = `actor-${mode}`;
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    const turn = request.messages.filter((message) => message.role === 'assistant').length;
    const draw = rng(this.seed * 7919 + turn * 104729 + hash(this.task.id))();
    const wrong = draw < this.errorRate;
    const content = this.mode === 'react' ? this.react(request.messages, wrong) : this.codeact(request.messages, wrong);
    const input = tokensOf(JSON.stringify(request.messages) + JSON.stringify(request.tools ?? []));
    const output = tokensOf(JSON.stringify(content));
    return {
      content,
      finishReason: content.some((part) => part.type === 'tool-call') ? 'tool-calls' : 'stop',
      usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
    };
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    return streamFromResponse(await this.doGenerate(request));
  }

  private react(messages: readonly Message[], wrong: boolean): ModelResponse['content'] {
    const results = messages
      .filter((message) => message.role === 'tool')
      .flatMap((message) => message.content as ToolResultPart[])
      .filter((part) => !part.isError)
      .map((part) => part.output);
    const next = nextCall(this.task, results);
    if (!next) return [{ type: 'text', text: this.task.answer(results) }];
    const input = wrong ? { ...next.input, typo: true } : next.input;
    const turn = messages.filter((message) => message.role === 'assistant').length;
    return [{ type: 'tool-call', toolCallId: `call_${turn}`, toolName: next.tool, arguments: JSON.stringify(input) }];
  }

  private codeact(messages: readonly Message[], wrong: boolean): ModelResponse['content'] {
    const last = messages.at(-1);
    const text = typeof last?.content === 'string' ? last.content : '';
    const returned = /^Observation:\nreturned: ([\s\S]*)$/.exec(text);
    if (returned && !text.includes('error (')) {
      const value = JSON.parse(returned[1]!) as unknown;
      return [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }];
    }
    const code = wrong ? this.task.code.replace(/tools\.(\w+)\(\{ /, 'tools.$1({ typo: true, ') : this.task.code;
    return [{ type: 'text', text: `I will do it in one program.\n\`\`\`js\n${code}\n\`\`\`` }];
  }
}

/** The next call a one-call-per-action agent makes, given the results it has, or none when it can answer. */
export function nextCall(task: BenchTask, results: readonly unknown[]): CallSpec | undefined {
  let start = 0;
  for (;;) {
    const stage = task.stages(results.slice(0, start));
    if (!stage) return undefined;
    if (results.length < start + stage.length) return stage[results.length - start];
    start += stage.length;
  }
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

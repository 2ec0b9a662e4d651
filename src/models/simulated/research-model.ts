import type { Message, ToolResultPart } from '../../core/messages.js';
import type { Usage } from '../../core/usage.js';
import { streamFromResponse } from '../collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../language-model.js';

export interface ResearchModelOptions {
  /** Simulated thinking time per turn. @default 0 */
  latencyMs?: number;
  /** How many files to read after searching. @default 3 */
  filesToRead?: number;
}

const stopwords = new Set(
  'a an and are as at be by did do does for from has have how i in is it its of on or the this to was what when where which who whom why with you your'.split(
    ' ',
  ),
);

/**
 * A simulated research assistant with documented, deterministic behaviour (no language model):
 * 1. with no tool results yet, it calls `list_files`;
 * 2. then `search_files` with the content words of the user's question;
 * 3. then `read_file` on the files of the best search hits, in parallel;
 * 4. then answers with (up to three of) the sentences of the files it read that share the most
 *    words with the question, citing the files.
 * It reads only the conversation, like a real model, so any question over any folder works;
 * how good the answer is depends on the data. Marked `simulated` so every report says so.
 */
export class ResearchModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'simulated';
  readonly modelId = 'research-sim-1';
  readonly simulated = true;

  constructor(private readonly options: ResearchModelOptions = {}) {}

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    if (this.options.latencyMs) await delay(this.options.latencyMs, request.abortSignal);
    return this.respond(request);
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    return streamFromResponse(await this.doGenerate(request));
  }

  private respond(request: ModelRequest): ModelResponse {
    const question = lastUserText(request.messages);
    const words = contentWords(question);
    const results = toolResults(request.messages);
    const tools = new Set((request.tools ?? []).map((tool) => tool.name));
    const called = (name: string) => results.some((result) => result.toolName === name);

    if (tools.has('list_files') && !called('list_files')) return this.call(request, [['list_files', {}]]);
    if (tools.has('search_files') && !called('search_files')) {
      return this.call(request, [['search_files', { query: words.join(' ') || question, maxResults: 20 }]]);
    }
    if (tools.has('read_file') && !called('read_file')) {
      const files = bestFiles(results, this.options.filesToRead ?? 3);
      if (files.length > 0)
        return this.call(
          request,
          files.map((path) => ['read_file', { path }]),
        );
    }
    return this.answer(request, words, results);
  }

  private call(request: ModelRequest, calls: Array<[string, Record<string, unknown>]>): ModelResponse {
    const turn = request.messages.filter((message) => message.role === 'assistant').length + 1;
    return {
      content: calls.map(([toolName, input], i) => ({
        type: 'tool-call',
        toolCallId: `call_${turn}_${i + 1}`,
        toolName,
        arguments: JSON.stringify(input),
      })),
      finishReason: 'tool-calls',
      usage: usage(request, 20 * calls.length),
    };
  }

  private answer(request: ModelRequest, words: string[], results: ToolResultPart[]): ModelResponse {
    const sentences: Array<{ text: string; file: string; score: number; order: number }> = [];
    let order = 0;
    for (const result of results) {
      if (result.toolName !== 'read_file' || result.isError || typeof result.output !== 'string') continue;
      const file = fileOf(request.messages, result.toolCallId);
      for (const sentence of result.output.replace(/^#+ .*$/gm, '').split(/(?<=[.!?])\s+|\n{2,}/)) {
        const text = sentence.replace(/\s+/g, ' ').trim();
        const lower = text.toLowerCase();
        const score = words.filter((word) => lower.includes(word)).length;
        if (text.length > 12 && score > 0) sentences.push({ text, file, score, order: order++ });
      }
    }
    const top = Math.max(0, ...sentences.map((s) => s.score));
    const best = sentences
      .filter((s) => s.score >= Math.min(2, top))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, 3);
    const text =
      best.length === 0
        ? 'I could not find anything about that in the files.'
        : `${best.map((s) => s.text).join(' ')}\n\nSources: ${[...new Set(best.map((s) => s.file))].join(', ')}.`;
    return {
      content: [{ type: 'text', text }],
      finishReason: 'stop',
      usage: usage(request, Math.ceil(text.length / 4)),
    };
  }
}

function lastUserText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    return typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  }
  return '';
}

function contentWords(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9-]+/)
        .filter((word) => word.length > 2 && !stopwords.has(word)),
    ),
  ];
}

function toolResults(messages: readonly Message[]): ToolResultPart[] {
  return messages.flatMap((message) => (message.role === 'tool' ? message.content : []));
}

function bestFiles(results: readonly ToolResultPart[], count: number): string[] {
  const search = results.find((result) => result.toolName === 'search_files' && !result.isError);
  const output = typeof search?.output === 'string' ? parseJson(search.output) : search?.output;
  const hits = Array.isArray(output) ? (output as Array<{ path?: unknown; score?: unknown }>) : [];
  const scores = new Map<string, number>();
  for (const hit of hits) {
    if (typeof hit.path === 'string') scores.set(hit.path, (scores.get(hit.path) ?? 0) + Number(hit.score ?? 1));
  }
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([path]) => path);
}

/** Over HTTP, tool outputs arrive as the JSON text the client sent. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fileOf(messages: readonly Message[], toolCallId: string): string {
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call' && part.toolCallId === toolCallId) {
        return String((part.input as { path?: unknown }).path ?? 'a file');
      }
    }
  }
  return 'a file';
}

function usage(request: ModelRequest, outputTokens: number): Usage {
  const inputTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** What the replay tests (replay-*.test.ts) share: an editable store, models and effects that count, crash points. */
import { hostname } from 'node:os';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../models/language-model.js';
import { streamFromResponse } from '../models/collect-stream.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';

// ─── helpers ────────────────────────────────────────────────────────────────────────────────────────────────

export const deadOwner = `${hostname()}:99999999:dead`;

/** A store whose log a test can tamper with, as someone editing the database would. */
export class EditableStore extends MemoryRunStore {
  edit: ((events: RunEvent[], runId: string) => RunEvent[] | undefined) | undefined;
  override async readEvents(runId: string, options?: { afterSeq?: number; limit?: number }): Promise<RunEvent[]> {
    const events = await super.readEvents(runId, options);
    return this.edit?.(events, runId) ?? events;
  }
}

/** A model answering by a pure function of the request, so a resumed run gets the answers the live one got. */
export class FnModel implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'fn';
  readonly simulated = true;
  readonly requests: ModelRequest[] = [];
  constructor(
    private readonly answer: (
      request: ModelRequest,
    ) => ModelResponse | { text?: string; calls?: Array<[string, object]> },
    readonly modelId = 'fn-model',
  ) {}
  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const a = this.answer(request);
    if ('content' in a) return a;
    const content: ModelResponse['content'] = [];
    if (a.text) content.push({ type: 'text', text: a.text });
    for (const [i, [name, input]] of (a.calls ?? []).entries()) {
      content.push({
        type: 'tool-call',
        toolCallId: `c${request.messages.length}_${i}`,
        toolName: name,
        arguments: JSON.stringify(input),
      });
    }
    return {
      content,
      finishReason: a.calls?.length ? 'tool-calls' : 'stop',
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    };
  }
  async doStream(request: ModelRequest) {
    return streamFromResponse(await this.doGenerate(request));
  }
}

export const turns = (request: ModelRequest) => request.messages.filter((m) => m.role === 'assistant').length;

/** A side effect that records the idempotency key (the syscall id) of every execution. */
export function keyedEffect(
  name: string,
  options: { readOnly?: boolean; idempotent?: boolean; inDoubt?: Tool['inDoubt'] } = {},
) {
  const keys: string[] = [];
  const tool = defineTool({
    name,
    description: `The ${name} tool`,
    input: z.object({}).passthrough(),
    ...(options.readOnly && { readOnly: true }),
    ...(options.idempotent && { idempotent: true }),
    ...(options.inDoubt && { inDoubt: options.inDoubt }),
    execute: (_input, context) => {
      keys.push(context.idempotencyKey ?? '?');
      return { ok: true, n: keys.length };
    },
  });
  return { tool: tool as Tool, keys };
}

export async function interrupt(store: MemoryRunStore, runId: string) {
  await store.updateRun(runId, { status: 'running', ownerId: deadOwner });
}

/** Records every durable event of every run, in the order the kernel recorded them. */
export function recorder() {
  const all: RunEvent[] = [];
  return {
    all,
    onEvent: (event: RunEvent) => {
      if (event.seq >= 0) all.push(JSON.parse(JSON.stringify(event)) as RunEvent);
    },
  };
}

/**
 * The store as a process killed after the first `g` events (in the order they were recorded, across the run and
 * its children) left it: each run holds a prefix of its log, a run exists once its first event was written.
 */
export async function storeAtCrash(live: MemoryRunStore, all: RunEvent[], g: number): Promise<MemoryRunStore> {
  const store = new MemoryRunStore();
  const byRun = new Map<string, RunEvent[]>();
  for (const event of all.slice(0, g)) {
    const list = byRun.get(event.runId) ?? [];
    list.push(event);
    byRun.set(event.runId, list);
  }
  for (const [runId, events] of byRun) {
    const record = (await live.getRun(runId))!;
    await store.createRun({
      id: runId,
      agent: record.agent,
      model: record.model,
      input: record.input,
      createdAt: record.createdAt,
      status: 'running',
      ownerId: deadOwner,
      ...(record.parentRunId && { parentRunId: record.parentRunId }),
    });
    await store.append(runId, events);
    const end = events.findLast((e) => e.type === 'run-end' || e.type === 'run-resume');
    if (end?.type === 'run-end') await store.updateRun(runId, { status: end.status });
  }
  return store;
}

/** What a crash prefix says about each side effect: ids with an intent, ids with an outcome. */
export function effectsIn(events: RunEvent[]) {
  const intents = new Set<string>();
  const outcomes = new Set<string>();
  for (const e of events) {
    if (e.type === 'tool-call') intents.add(e.syscallId);
    if (e.type === 'tool-result' || e.type === 'tool-error') outcomes.add(e.syscallId);
  }
  return { intents, outcomes };
}

// ─── 1. verified replay: what a resumed run asks must be what was recorded ───────────────────────────────────

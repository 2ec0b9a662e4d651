/**
 * What the hostile-input tests (hostile-*.test.ts) share: raw model answers a custom model might give, and checks
 * that the run's log is whole. Whatever the model or a tool hands the kernel, the run ends with a status, `run()`
 * resolves, and the log is complete (it ends with `run-end`).
 */
import { afterEach, expect } from 'vitest';
import type { RunEvent } from '../core/events.js';
import type { ModelResponse } from '../models/language-model.js';
import type { MemoryRunStore } from '../store/memory-store.js';
import type { ScriptedStep } from '../testing/scripted-model.js';

export const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

/** A model turn that answers exactly `content`, unchecked: what a custom LanguageModel might resolve to. */
export const raw = (content: unknown, extra: Record<string, unknown> = {}): ScriptedStep => ({
  response: { content, finishReason: 'tool-calls', usage, ...extra } as ModelResponse,
});

/** A tool-call part with whatever `arguments` and id the test gives. */
export const call = (toolName: string, args: unknown, toolCallId: unknown = 'c1') => ({
  type: 'tool-call',
  toolCallId,
  toolName,
  arguments: args,
});

export function errorsOf(events: RunEvent[]) {
  return events.flatMap((event) => (event.type === 'tool-error' ? [event.error.code] : []));
}

/** The run's stored log, checked to end with `run-end` and a record that is not left `running`. */
export async function checkComplete(store: MemoryRunStore, runId: string) {
  const log = await store.readEvents(runId);
  expect(log.at(-1)?.type).toBe('run-end');
  const record = await store.getRun(runId);
  expect(record?.status).not.toBe('running');
  return log;
}

/** Registers, for the calling test file, a check after every test that none polluted Object.prototype. */
export function expectNoPrototypePollution(): void {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).to).toBeUndefined();
  });
}

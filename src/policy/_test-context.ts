import type { Principal } from '../tools/tool.js';
import type { HistoryEntry, PolicyContext, ToolAction } from './policy.js';

/** A tool action for tests. */
export function toolCall(tool: string, args: unknown = {}, extra: Partial<ToolAction> = {}): ToolAction {
  return { kind: 'tool', tool, source: 'local', args, toolCallId: `call-${tool}`, ...extra };
}

/** A history entry for a call that ran, with its output and labels. */
export function ran(
  tool: string,
  args: unknown,
  output: unknown,
  labels: string[] = [`source:${tool}`],
  time = 0,
): HistoryEntry {
  return { action: toolCall(tool, args), decision: 'allow', output, labels, time };
}

/** A policy context for tests. */
export function contextWith(options: Partial<PolicyContext> & { principal?: Principal } = {}): PolicyContext {
  return {
    runId: 'run_1',
    run: { step: 3, costUsd: 0.25, tokens: 1200, elapsedMs: 5000, agent: 'assistant' },
    history: [],
    now: 1_000_000,
    ...options,
  };
}

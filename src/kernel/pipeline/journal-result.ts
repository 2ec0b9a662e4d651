import type { ErrorInfo } from '../../core/events.js';
import type { HistoryEntry } from '../../policy/policy.js';
import type { ToolCallResult } from '../agent-kernel.js';
import type { KernelContext } from '../kernel-context.js';
import { completeEntry } from './account.js';

/** A tool syscall's identity, for its outcome events. */
export interface OutcomeOf {
  id: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  entry?: HistoryEntry;
}

/** Stage 7, journal result: the `tool-result` event, and the history entry completed. */
export function journalResult(
  k: KernelContext,
  call: OutcomeOf,
  output: unknown,
  labels: string[],
  durationMs: number,
  substitutedBy?: string,
): ToolCallResult {
  k.settings.journal.record({
    type: 'tool-result',
    syscallId: call.id,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output,
    durationMs,
    ...(labels.length > 0 && { labels }),
    ...(substitutedBy !== undefined && { substitutedBy }),
  });
  if (call.entry) completeEntry(k, call.entry, { output, labels });
  return { toolCallId: call.toolCallId, toolName: call.toolName, input: call.input, output, isError: false, labels };
}

/** Stage 7 for a failure: the `tool-error` event; the model reads the message. */
export function journalError(k: KernelContext, call: OutcomeOf, error: ErrorInfo, durationMs = 0): ToolCallResult {
  k.settings.journal.record({
    type: 'tool-error',
    syscallId: call.id,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    error: { code: error.code, message: error.message },
    durationMs,
  });
  if (call.entry && call.entry.decision === 'allow') completeEntry(k, call.entry, { failed: true });
  return errorResult(call, error);
}

export function errorResult(call: OutcomeOf, error: ErrorInfo): ToolCallResult {
  return {
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    input: call.input,
    output: error.message,
    isError: true,
    labels: [],
    errorCode: error.code,
  };
}

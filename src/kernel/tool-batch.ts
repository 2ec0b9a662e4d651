import { RunCancelledError } from '../core/errors/run-errors.js';
import type { CallToolsOptions, PendingToolCall, ToolCallResult } from './agent-kernel.js';
import type { KernelContext } from './kernel-context.js';
import { callTool } from './tool-call.js';

/**
 * Runs one batch of tool calls, at most `maxParallelTools` at a time, in the order given. Batches stop
 * together: once a call halts, asks a human, trips the loop guard or the run is cancelled, no further call
 * starts; the ones already running are awaited so their results are journaled before the run ends or
 * suspends; then the first stop is rethrown.
 */
export async function runToolBatch(
  k: KernelContext,
  calls: readonly PendingToolCall[],
  ids: readonly string[],
  options: CallToolsOptions,
): Promise<ToolCallResult[]> {
  const origin = options.origin ?? 'model';
  const callOptions = { origin, ...(options.exploration && { exploration: true }) };
  const results: ToolCallResult[] = new Array(calls.length);
  const signal = k.settings.signal;
  let stop: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < calls.length && !stop) {
      if (signal.aborted) {
        stop ??= { error: k.settings.abortReason() ?? new RunCancelledError() };
        return;
      }
      const i = next++;
      try {
        results[i] = await callTool(k, calls[i]!, ids[i]!, callOptions);
      } catch (error) {
        stop ??= { error };
      }
    }
  };
  const limit = Math.max(1, Math.min(k.settings.maxParallelTools, calls.length));
  if (limit === 1) await worker();
  else await Promise.all(Array.from({ length: limit }, worker));
  if (stop) throw stop.error;
  return results;
}

import { RunCancelledError } from '../core/errors/run-errors.js';
import type { CallToolsOptions, PendingToolCall, ToolCallResult } from './agent-kernel.js';
import type { KernelContext } from './kernel-context.js';
import { callTool, type ToolCallOptions } from './tool-call.js';

/**
 * Runs one batch of tool calls, at most `maxParallelTools` at a time. Calls are decided in the order given and
 * run in parallel: a call starts only once the one before it has been decided (it runs, or it is settled without
 * running), so every decision sees the calls before it. Batches stop together: once a call halts, asks a human,
 * trips the loop guard, or the run is cancelled, no further call of the batch starts; the ones already running are
 * awaited so their results are journaled before the run ends or suspends; then the first stop is rethrown.
 */
export async function runToolBatch(
  k: KernelContext,
  calls: readonly PendingToolCall[],
  ids: readonly string[],
  options: CallToolsOptions,
): Promise<ToolCallResult[]> {
  const callOptions: ToolCallOptions = { origin: options.origin ?? 'model' };
  if (options.exploration) callOptions.exploration = true;
  if (options.signal) callOptions.signal = options.signal;
  if (options.onDecided) callOptions.onDecided = options.onDecided;
  const results: ToolCallResult[] = new Array(calls.length);
  const limit = Math.max(1, Math.min(k.settings.maxParallelTools, calls.length));
  let stop: { error: unknown } | undefined;
  const cancelled = () => {
    if (options.signal?.aborted) stop ??= { error: options.signal.reason };
    else if (k.settings.signal.aborted) stop ??= { error: k.settings.abortReason() ?? new RunCancelledError() };
    return stop !== undefined;
  };
  if (limit === 1) {
    for (let i = 0; i < calls.length && !stop && !cancelled(); i++) {
      try {
        results[i] = await callTool(k, calls[i]!, ids[i]!, callOptions);
      } catch (error) {
        stop ??= { error };
      }
    }
  } else {
    const running = new Set<Promise<void>>();
    for (let i = 0; i < calls.length && !stop && !cancelled(); i++) {
      while (running.size >= limit) await Promise.race(running);
      if (stop || cancelled()) break;
      let decided!: () => void;
      const decision = new Promise<void>((resolve) => {
        decided = resolve;
      });
      const onDecided = options.onDecided
        ? () => {
            options.onDecided?.();
            decided();
          }
        : decided;
      const run: Promise<void> = callTool(k, calls[i]!, ids[i]!, { ...callOptions, onDecided })
        .then(
          (result) => {
            results[i] = result;
          },
          (error) => {
            stop ??= { error };
          },
        )
        .finally(() => {
          running.delete(run);
          decided();
        });
      running.add(run);
      await decision;
    }
    await Promise.all(running);
  }
  if (stop) throw stop.error;
  return results;
}

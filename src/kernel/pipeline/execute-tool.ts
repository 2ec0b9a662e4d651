import { WardenError } from '../../core/errors/warden-error.js';
import { runTool, type ToolOutcome } from '../../tools/run-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { KernelContext } from '../kernel-context.js';
import { RunToolHost } from '../tool-host/run-tool-host.js';

/**
 * Stage 5, execute: runs the tool with its timeout and the run's signal, and makes sure what it returns can
 * be journaled. An output that cannot be encoded as JSON (a BigInt, a cycle, a throwing `toJSON`) becomes a
 * typed tool error the model reads, instead of a log write that fails later and takes the run with it.
 */
export async function executeTool(
  k: KernelContext,
  tool: Tool,
  input: unknown,
  toolCallId: string,
  idempotencyKey: string,
): Promise<ToolOutcome & { labels?: string[] }> {
  const { settings } = k;
  // What the tool's server asks during the call is served by the run: tool-host/run-tool-host.ts.
  const host = new RunToolHost(k, idempotencyKey, tool.name);
  const ran = await runTool(tool, input, {
    runId: settings.runId,
    toolCallId,
    idempotencyKey,
    abortSignal: settings.signal,
    host,
    ...(settings.principal && { principal: settings.principal }),
  });
  host.finish();
  if (host.stopped !== undefined) throw host.stopped; // a pause for input, a budget: not the call's result
  const outcome = host.labels.size > 0 ? { ...ran, labels: [...host.labels] } : ran;
  if (!outcome.ok) return outcome;
  const problem = unencodable(outcome.output);
  if (problem === undefined) return outcome;
  return {
    ok: false,
    error: new WardenError({
      code: 'TOOL_OUTPUT_UNENCODABLE',
      fault: 'system',
      message: `Tool "${tool.name}" returned a value that cannot be stored as JSON (${problem}); its result is discarded. The tool should return plain JSON data.`,
      data: { tool: tool.name },
    }),
  };
}

/** Why a value cannot be encoded as JSON, or undefined when it can. */
export function unencodable(value: unknown): string | undefined {
  // A primitive always encodes (a bigint is the one that throws): only objects need the trial.
  if (typeof value !== 'object' && typeof value !== 'bigint') return undefined;
  try {
    JSON.stringify(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

import { WardenError } from '../../core/errors/warden-error.js';
import { asJson } from '../../core/json-safe.js';
import { runTool, type ToolOutcome } from '../../tools/run-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { KernelContext } from '../kernel-context.js';
import { RunToolHost } from '../tool-host/run-tool-host.js';

/**
 * Stage 5, execute: runs the tool with its timeout and the run's signal, and turns what it returns into what the
 * log will hold (`asJson`). An output that has no JSON form (a BigInt, a cycle, a throwing `toJSON`, a symbol)
 * becomes a typed tool error the model reads, instead of a log write that fails later and takes the run with it.
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
  const labels = host.labels.size > 0 ? [...host.labels] : undefined;
  if (!ran.ok) return labels ? { ...ran, labels } : ran;
  const stored = asJson(ran.output);
  if (stored.ok) {
    if (stored.value === ran.output) return labels ? { ...ran, labels } : ran;
    return labels ? { ok: true, output: stored.value, labels } : { ok: true, output: stored.value };
  }
  return {
    ok: false,
    error: new WardenError({
      code: 'TOOL_OUTPUT_UNENCODABLE',
      fault: 'system',
      message: `Tool "${tool.name}" returned a value that cannot be stored as JSON (${stored.problem}); its result is discarded. The tool should return plain JSON data.`,
      data: { tool: tool.name },
    }),
  };
}

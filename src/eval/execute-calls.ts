import { toolOutputText } from '../core/messages.js';
import type { Tool } from '../tools/tool.js';
import type { ToolCallSpec } from './suite-types.js';

/** One call made directly against a toolkit. */
export interface ExecutedCall {
  call: ToolCallSpec;
  output?: unknown;
  /** The error message when the tool is unknown, its input is invalid, or it threw. */
  error?: string;
}

/**
 * Runs calls one after another against a toolkit, without a model or a runtime, going on after
 * a failed call. For checking ground truths and finding which injection vectors a task reads.
 */
export async function executeCalls(tools: readonly Tool[], calls: readonly ToolCallSpec[]): Promise<ExecutedCall[]> {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const executed: ExecutedCall[] = [];
  for (const [index, call] of calls.entries()) {
    const tool = byName.get(call.tool);
    if (!tool) {
      executed.push({ call, error: `There is no tool named "${call.tool}".` });
      continue;
    }
    const parsed = tool.parseInput(call.args);
    if (!parsed.success) {
      executed.push({
        call,
        error: parsed.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      });
      continue;
    }
    try {
      const output = await tool.execute(parsed.value, {
        runId: 'direct',
        toolCallId: `direct_${index + 1}`,
        abortSignal: new AbortController().signal,
      });
      executed.push({ call, output });
    } catch (error) {
      executed.push({ call, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return executed;
}

/** The text a model would read from an executed call. */
export const executedText = (executed: ExecutedCall): string => executed.error ?? toolOutputText(executed.output);

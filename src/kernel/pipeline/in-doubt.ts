import { WardenError } from '../../core/errors/warden-error.js';
import type { Decision } from '../../policy/policy.js';
import type { Tool } from '../../tools/tool.js';
import type { KernelContext } from '../kernel-context.js';
import { awaitApproval } from './approve.js';
import { safeToRepeat } from './journal-intent.js';

/** How a resumed run treats a call that may have run, by the tool's declared `inDoubt` policy. */
export function inDoubtPolicy(tool: Tool): NonNullable<Tool['inDoubt']> {
  return tool.inDoubt ?? (safeToRepeat(tool) ? 'retry' : 'report');
}

/**
 * A call whose intent is in the log without a result: it may have taken effect before the crash. Returns
 * undefined when it may run again (`retry`, or a human approved), or the error the model reads (`report`, or a
 * human refused); `fail` throws and ends the run; `ask` suspends it until a human answers.
 */
export async function resolveInDoubt(
  k: KernelContext,
  tool: Tool,
  call: { id: string; toolCallId: string; input: unknown },
): Promise<WardenError | undefined> {
  const policy = inDoubtPolicy(tool);
  const message = `The run stopped while "${tool.name}" was running, so it is unknown whether it took effect.`;
  if (policy === 'retry') return undefined;
  if (policy === 'fail') {
    throw new WardenError({
      code: 'TOOL_IN_DOUBT',
      fault: 'system',
      message: `${message} Its in-doubt policy is to fail the run; check the state and start a new run.`,
    });
  }
  if (policy === 'ask') {
    const decision: Decision = {
      decision: 'ask',
      ruleId: 'in-doubt',
      reason: `${message} Approve to run it again, deny to skip it.`,
    };
    return awaitApproval(
      k,
      { id: `${call.id}.doubt`, toolCallId: call.toolCallId, name: tool.name, input: call.input },
      decision,
    );
  }
  return new WardenError({
    code: 'TOOL_IN_DOUBT',
    fault: 'system',
    message: `${message} Check the current state before calling it again.`,
  });
}

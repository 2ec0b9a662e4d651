import type { ToolCallRepair } from '../../core/events.js';
import type { Tool } from '../../tools/tool.js';
import type { SyscallOrigin } from '../agent-kernel.js';
import type { KernelContext } from '../kernel-context.js';

/** What a tool syscall's intent says. */
export interface ToolIntent {
  id: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  tool: Tool | undefined;
  fingerprint: string;
  origin: SyscallOrigin;
  exploration?: boolean;
  repair?: ToolCallRepair;
}

/**
 * Stage 3, journal intent: the `tool-call` event. Written once per syscall (a resumed run that already has
 * it does not write it again). An intent is journaled only after the policy allowed the call (or to give a
 * refusal its context), so an intent without an outcome means "may have run".
 */
export function journalIntent(k: KernelContext, intent: ToolIntent): void {
  if (k.settings.recorded.toolCalls.has(intent.id)) return;
  k.settings.journal.record({
    type: 'tool-call',
    syscallId: intent.id,
    toolCallId: intent.toolCallId,
    toolName: intent.toolName,
    input: intent.input,
    source: intent.tool?.source ?? 'unknown',
    fingerprint: intent.fingerprint,
    ...(intent.origin !== 'model' && { origin: intent.origin }),
    ...(intent.exploration && { exploration: true }),
    ...(intent.repair && { repair: intent.repair }),
  });
}

/** Whether running the tool twice is harmless, so its intent need not be durable before it runs. */
export function safeToRepeat(tool: Tool): boolean {
  return tool.readOnly === true || tool.idempotent === true;
}

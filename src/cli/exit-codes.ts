import type { RunStatus } from '../core/events.js';
import { WardenError } from '../core/errors/warden-error.js';

/**
 * The CLI's exit codes:
 * 0 success; 1 the run ended without completing (failed, halted, cancelled, budget exceeded, interrupted);
 * 2 bad usage or configuration; 3 a model provider failed; 4 the store or Warden itself failed;
 * 5 the run waits for a human approval.
 */
export const exitCodes = {
  ok: 0,
  runNotCompleted: 1,
  usage: 2,
  provider: 3,
  internal: 4,
  awaitingApproval: 5,
} as const;

/** A run's exit code: a run that failed because its model provider failed (unreachable, 5xx, garbage) is 3. */
export function exitCodeForStatus(status: RunStatus, error?: { code: string }): number {
  if (status === 'completed') return exitCodes.ok;
  if (status === 'awaiting_approval') return exitCodes.awaitingApproval;
  if (status === 'failed' && error?.code === 'PROVIDER_ERROR') return exitCodes.provider;
  return exitCodes.runNotCompleted;
}

export function exitCodeForError(error: unknown): number {
  if (!WardenError.isInstance(error)) return exitCodes.internal;
  if (error.fault === 'user' || error.fault === 'policy') return exitCodes.usage;
  if (error.fault === 'provider' || error.fault === 'model') return exitCodes.provider;
  return exitCodes.internal;
}

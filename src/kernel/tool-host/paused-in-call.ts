import type { KernelContext } from '../kernel-context.js';
import { SyscallScope } from '../syscall-scope.js';

/**
 * Whether a tool syscall's run paused inside the call for what its server asked: a question (elicitation) or an
 * approval of a sampling call. Such a call did not crash mid-effect by surprise: it is re-issued on resume (same
 * idempotency key), and the server is served the journaled answers.
 */
export function pausedInCall(k: KernelContext, syscallId: string): boolean {
  const { recorded } = k.settings;
  for (const request of recorded.elicitationRequests.values()) if (request.syscallId === syscallId) return true;
  const sampling = `${SyscallScope.derived(syscallId, 'sampling')}:`;
  for (const id of recorded.approvalRequests.keys()) if (id.startsWith(sampling)) return true;
  return false;
}

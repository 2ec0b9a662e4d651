import { BudgetExceededError, RunCancelledError } from '../core/errors/run-errors.js';
import { WardenError } from '../core/errors/warden-error.js';

/** One signal for cancel and the time budget, and which of them fired. */
export function createAbort(
  external: AbortSignal | undefined,
  timeoutMs: number | undefined,
): { signal: AbortSignal; reason: () => WardenError; fired: () => WardenError | undefined; dispose: () => void } {
  const controller = new AbortController();
  let reason: WardenError | undefined;
  const onExternal = () => {
    // A system error (a lost lease) ends the run as itself; anything else is a cancel.
    const given = external?.reason;
    reason = WardenError.isInstance(given) && given.fault === 'system' ? given : new RunCancelledError(given);
    controller.abort(reason);
  };
  if (external?.aborted) onExternal();
  else external?.addEventListener('abort', onExternal, { once: true });
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs !== undefined) {
    timer = setTimeout(() => {
      reason = new BudgetExceededError('time', timeoutMs, timeoutMs);
      controller.abort(reason);
    }, timeoutMs);
    timer.unref?.();
  }
  const reasonOf = (): WardenError => {
    reason ??= new RunCancelledError();
    return reason;
  };
  return {
    signal: controller.signal,
    reason: reasonOf,
    fired: () => (controller.signal.aborted ? reasonOf() : undefined),
    dispose: () => {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternal);
    },
  };
}

import { RunHaltedError } from '../control-flow.js';
import type { KernelContext } from '../kernel-context.js';

/**
 * Before deciding: the malfunction amplification guard. The same call k times in a row warns once per streak,
 * or stops the run (and with it the rest of the batch).
 */
export function guardLoop(k: KernelContext, toolName: string, input: unknown): void {
  const options = k.settings.loopGuard;
  if (options === false) return;
  const repeats = options.repeats ?? 3;
  const streak = k.loopGuard.observe(toolName, input);
  // Once per streak: a loop that goes on is the same loop.
  if (streak !== repeats) return;
  const action = options.action ?? 'warn';
  k.settings.journal.record({ type: 'loop-detected', toolName, repeats: streak, action });
  if (action === 'stop') {
    throw new RunHaltedError(
      `The loop guard stopped the run: "${toolName}" was called ${streak} times in a row with the same arguments.`,
      { toolName, repeats: streak },
    );
  }
}

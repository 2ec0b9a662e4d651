import { type RunStatus, terminalStatuses } from '../core/events.js';
import type { RunStore } from '../store/run-store.js';

/**
 * When a top-level run ends for good (cancelled, failed, halted, …) while sub-agents below it still wait for a
 * human, those children are ended too: each gets a `run-end` (`cancelled`, saying why) and its record says so, so no
 * approval is left listed for a tree that is over and none can be answered into it. Written under the root's claim
 * when it holds one. Best effort: a child this fails for stays listed as waiting, and `approvals` still refuses to
 * answer it (its root has ended).
 */
export async function closeSuspendedChildren(
  store: RunStore,
  rootRunId: string,
  rootStatus: RunStatus,
  now: number,
  fence?: number,
): Promise<void> {
  if (!terminalStatuses.has(rootStatus)) return;
  const parents = [rootRunId];
  for (let depth = 0; parents.length > 0 && depth < 100; depth++) {
    const parentRunId = parents.shift()!;
    const children = await store.listRuns({ parentRunId, limit: 1000 }).catch(() => []);
    for (const child of children) {
      parents.push(child.id);
      if (child.status !== 'awaiting_approval') continue;
      const error = {
        code: 'RUN_ROOT_ENDED',
        message: `Its top-level run ${rootRunId} ended ${rootStatus} while this run waited for a human.`,
      };
      const event = {
        type: 'run-end' as const,
        runId: child.id,
        seq: child.lastSeq + 1,
        time: now,
        status: 'cancelled' as const,
        usage: child.usage,
        costUsd: child.costUsd,
        durationMs: 0,
        steps: child.steps,
        error,
      };
      await store
        .append(child.id, [event], {
          patch: { status: 'cancelled', endedAt: now, error },
          ...(fence !== undefined && { fence, fencedBy: rootRunId }),
        })
        .catch(() => {});
    }
  }
}

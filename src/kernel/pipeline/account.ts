import { historyIndexOf } from '../../policy/history-index.js';
import type { Action, Decision, HistoryEntry } from '../../policy/policy.js';
import type { KernelContext } from '../kernel-context.js';

/**
 * Stage 2, account: the action enters the run's history the moment it is decided, before it runs, so
 * limits, counts, `sameCallInARow` and never-after rules see every call of a parallel batch (and of the
 * sub-agents sharing the history). The entry is completed by `completeEntry` once the result is in. `time`: when the
 * call was made (a restored call's, from its log).
 */
export function enterHistory(
  k: KernelContext,
  action: Action,
  decision: Decision['decision'],
  time = k.settings.clock.now(),
): HistoryEntry {
  const entry: HistoryEntry = { action, decision, labels: [], time };
  if (k.settings.policy) k.settings.history.push(entry);
  return entry;
}

/** Stage 7's bookkeeping: the entry gets its result and labels, and the result is indexed for flow rules. */
export function completeEntry(
  k: KernelContext,
  entry: HistoryEntry,
  result: { output?: unknown; failed?: boolean; labels?: readonly string[] },
): void {
  if (result.output !== undefined) entry.output = result.output;
  if (result.failed) entry.failed = true;
  if (result.labels && result.labels.length > 0) {
    entry.labels = [...result.labels];
    for (const label of result.labels) k.state.labelsSeen.add(label);
  }
  // Index now, on the tool's path, so a decision only looks things up.
  if (k.settings.policy) historyIndexOf(k.settings.history);
}

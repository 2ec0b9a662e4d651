import {
  type AgentSpawnEvent,
  type RunEndEvent,
  type RunEvent,
  type ToolErrorEvent,
  type ToolResultEvent,
  terminalStatuses,
} from '../core/events.js';
import type { Action } from '../policy/policy.js';
import type { SpawnResult } from './agent-kernel.js';
import type { KernelContext } from './kernel-context.js';
import { completeEntry, enterHistory } from './pipeline/account.js';
import { indexSyscalls, type RecordedSyscalls } from './replay.js';

/**
 * A child that had ended when its parent resumes is not run again, but what it did is put back as its live run
 * left it: its calls re-enter the history the tree shares (so limits, never-after and flow rules still see them),
 * its model calls are charged to the ledger again (so the tree's budget still counts them), and its own children
 * are restored the same way. Returns the child's result from its `run-end`, with every label it read, or undefined
 * when the child has not ended (it is resumed instead) or its log cannot be read.
 */
export async function restoreEndedChild(k: KernelContext, spawn: AgentSpawnEvent): Promise<SpawnResult | undefined> {
  const events = await k.settings.readLog?.(spawn.childRunId);
  // Ended for good: its last end or resume is an end with a final status (a child that waits for a human ends
  // `awaiting_approval` and is resumed, not restored).
  const last = events?.findLast((event) => event.type === 'run-end' || event.type === 'run-resume');
  if (!events || last?.type !== 'run-end' || !terminalStatuses.has(last.status)) return undefined;
  const end: RunEndEvent = last;
  const labels = new Set<string>();
  await restoreLog(k, events, labels);
  labels.add(`source:agent:${spawn.agent}`);
  for (const label of labels) k.state.labelsSeen.add(label);
  const output = end.output;
  return {
    runId: spawn.childRunId,
    status: end.status,
    text: typeof output === 'string' ? output : output === undefined ? '' : JSON.stringify(output),
    output,
    usage: end.usage,
    costUsd: end.costUsd,
    labels: [...labels],
    ...(end.error && { error: end.error }),
  };
}

/** Puts back what one ended run's log did, in the order it did it, and collects the labels it read. */
async function restoreLog(k: KernelContext, events: readonly RunEvent[], labels: Set<string>): Promise<void> {
  const recorded = indexSyscalls(events);
  const substitutes = new Set<string>();
  for (const outcome of recorded.toolOutcomes.values()) {
    if (outcome.type === 'tool-result' && outcome.substitutedBy) substitutes.add(outcome.substitutedBy);
  }
  for (const event of events) {
    if (event.type === 'model-response') {
      const act = (recorded.modelRequests.get(event.syscallId)?.purpose ?? 'act') === 'act';
      k.settings.ledger.charge({ steps: act ? 1 : 0, tokens: event.usage.totalTokens, costUsd: event.costUsd });
    } else if ((event.type === 'tool-result' || event.type === 'tool-error') && !substitutes.has(event.syscallId)) {
      await restoreCall(k, recorded, event, labels);
    } else if (event.type === 'agent-spawn' && !recorded.toolCalls.has(event.syscallId)) {
      // A spawn the strategy made itself (not through an agent tool): its entry, then what the child did.
      const entry = enterHistory(k, spawnOf(event, ''), 'allow', event.time);
      await restoreSpawned(k, event, labels);
      completeEntry(k, entry, {});
    }
  }
}

/** One recorded call's history entries (its substitute's too), as `replayed` in tool-call.ts enters them. */
async function restoreCall(
  k: KernelContext,
  recorded: RecordedSyscalls,
  outcome: ToolResultEvent | ToolErrorEvent,
  labels: Set<string>,
): Promise<void> {
  const intent = recorded.toolCalls.get(outcome.syscallId);
  if (!intent) return;
  const spawn = recorded.spawns.get(outcome.syscallId);
  const action: Action = spawn
    ? spawnOf(spawn, String((intent.input as { input?: unknown } | undefined)?.input ?? ''), intent.toolName)
    : {
        kind: 'tool',
        tool: intent.toolName,
        source: intent.source ?? 'local',
        args: intent.input,
        toolCallId: intent.toolCallId,
        ...(intent.origin !== undefined && intent.origin !== 'model' && { origin: intent.origin }),
      };
  if (outcome.type === 'tool-error') {
    const denied = outcome.error.code === 'POLICY_DENIED' || outcome.error.code === 'APPROVAL_DENIED';
    const entry = enterHistory(k, action, denied ? 'deny' : 'allow', intent.time);
    if (spawn) await restoreSpawned(k, spawn, labels);
    if (!denied) completeEntry(k, entry, { failed: true });
    return;
  }
  const outcomeLabels = outcome.labels ?? [];
  for (const label of outcomeLabels) labels.add(label);
  if (outcome.substitutedBy !== undefined) {
    enterHistory(k, action, 'deny', intent.time);
    const substitute = recorded.toolOutcomes.get(outcome.substitutedBy);
    if (substitute) await restoreCall(k, recorded, substitute, labels);
    return;
  }
  const entry = enterHistory(k, action, 'allow', intent.time);
  if (spawn) await restoreSpawned(k, spawn, labels);
  completeEntry(k, entry, { output: outcome.output, labels: outcomeLabels });
}

/** A grandchild (or deeper): what it did goes back into the shared history and ledger; its labels reach here. */
async function restoreSpawned(k: KernelContext, spawn: AgentSpawnEvent, labels: Set<string>): Promise<void> {
  const events = await k.settings.readLog?.(spawn.childRunId);
  if (events) await restoreLog(k, events, labels);
  labels.add(`source:agent:${spawn.agent}`);
}

function spawnOf(spawn: AgentSpawnEvent, input: string, tool?: string): Action {
  return {
    kind: 'spawn',
    agent: spawn.agent,
    ...(tool !== undefined && { tool }),
    source: `agent:${spawn.agent}`,
    tools: [],
    input,
  };
}

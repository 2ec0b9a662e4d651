import type { SharedCounters } from '../../counters/shared-counters.js';
import type { Action, Decision, HistoryEntry, PolicyContext, SharedLimit } from '../../policy/policy.js';
import type { SyscallOrigin } from '../agent-kernel.js';
import type { KernelContext } from '../kernel-context.js';
import { enterHistory } from './account.js';
import { CounterSnapshot } from './counter-snapshot.js';
import { decide, recordDecision, verdictOf } from './decide.js';
import { gateOf } from './decision-gate.js';

/** A decided action, in the history. */
export interface Decided {
  decision: Decision;
  entry: HistoryEntry;
}

/** A reserve lost to other processes this often in a row means the counts keep moving: the action is denied. */
const maxAttempts = 5;

/**
 * Stages 1 and 2 together: decide, then account. An action without shared limits (and nothing queued before it)
 * is decided synchronously, as before. One with `per: principal | tenant` limits reads their counts (one round
 * trip), decides on that snapshot, and when allowed reserves them atomically in the backend; a reserve lost to
 * another process is decided again on the fresh counts (which then denies by the rule's reason and fallback).
 * Only the final decision is journaled, and the action enters the history when it is final.
 */
export function decideAndAccount(
  k: KernelContext,
  action: Action,
  id: string,
  origin: SyscallOrigin,
): Decided | Promise<Decided> {
  const { policy, counters, history } = k.settings;
  const gate = policy && counters ? gateOf(history) : undefined;
  if (!gate) return decideNow(k, action, id, origin);
  // One context for both questions when the action is decided now: nothing changes between them.
  const context = k.policyContext();
  const limits = sharedLimitsOf(k, action, context);
  if (limits.length === 0 && gate.idle) return decideNow(k, action, id, origin, context);
  return gate.run(async () =>
    limits.length === 0 ? decideNow(k, action, id, origin) : decideShared(k, counters!, action, id, origin, limits),
  );
}

/** The counters the policy says the action could touch; a policy that throws here names none (and then denies). */
function sharedLimitsOf(k: KernelContext, action: Action, context: PolicyContext): readonly SharedLimit[] {
  try {
    return k.settings.policy?.sharedLimits?.(action, context) ?? [];
  } catch {
    return [];
  }
}

function decideNow(
  k: KernelContext,
  action: Action,
  id: string,
  origin: SyscallOrigin,
  context?: PolicyContext,
): Decided {
  const decision = decide(k, action, id, origin, context);
  return { decision, entry: enterHistory(k, action, decision.decision) };
}

async function decideShared(
  k: KernelContext,
  counters: SharedCounters,
  action: Action,
  id: string,
  origin: SyscallOrigin,
  limits: readonly SharedLimit[],
): Promise<Decided> {
  const { clock, recorded } = k.settings;
  // Resumed after its allow was journaled (a reserve precedes that): it was counted already, so it does not
  // count itself again, and decides as it did then.
  const counted = recorded.decisions.get(id)?.decision === 'allow';
  let counts = await counters.read(limits, clock.now());
  if (counted) counts = counts.map((count) => Math.max(0, count - 1));
  let spent = 0;
  for (let attempt = 1; ; attempt++) {
    const snapshot = new CounterSnapshot(limits, counts);
    const { decision, durationUs } = verdictOf(k, action, { ...k.policyContext(), counters: snapshot });
    spent += durationUs;
    const charges = snapshot.charges();
    const final =
      decision.decision !== 'allow' || charges.length === 0 || counted
        ? decision
        : await reserve(counters, charges, clock.now(), attempt);
    if (final !== 'lost') {
      const taken = final === 'won' ? decision : final;
      recordDecision(k, action, id, origin, taken, spent);
      return { decision: taken, entry: enterHistory(k, action, taken.decision) };
    }
    counts = await counters.read(limits, clock.now());
  }
}

async function reserve(
  counters: SharedCounters,
  charges: Parameters<SharedCounters['reserve']>[0],
  now: number,
  attempt: number,
): Promise<'won' | 'lost' | Decision> {
  const reserved = await counters.reserve(charges, now);
  if (reserved.ok) return 'won';
  if (attempt < maxAttempts) return 'lost';
  const reason = `The shared limits ${reserved.full.join(', ')} kept filling up while this action was decided, so it is denied.`;
  return { decision: 'deny', reason, fallback: { kind: 'respond', message: reason } };
}

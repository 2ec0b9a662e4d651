import { WardenError } from '../core/errors/warden-error.js';
import { validateStoredEvents } from '../core/event-schema.js';
import type { PolicyNarrowedEvent, RunStartEvent } from '../core/events.js';
import type { Message } from '../core/messages.js';
import { indexSyscalls, type RecordedSyscalls } from '../kernel/replay.js';
import type { PolicyProposal } from '../policy/narrow-policy.js';
import type { Policy } from '../policy/policy.js';
import type { RunStore } from '../store/run-store.js';
import type { Principal, Tool } from '../tools/tool.js';
import { applyProposal } from './narrowing.js';
import { currentOwnerId } from './owner.js';
import { restoreAuthority } from './run-authority.js';

/** What a run starts from: nothing (a new run) or its log (a resumed one). */
export interface OpenedRun {
  input: string | Message[];
  lastSeq: number;
  recorded: RecordedSyscalls;
  /** No `run-start` in the log yet: the run starts (again) from its input. */
  startedFresh: boolean;
  /** The policy after a recorded narrowing. */
  policy: Policy | undefined;
  narrowed: boolean;
  principal: Principal | undefined;
  /** The run has no record yet: it is created with its first events. */
  unrecorded: boolean;
}

/**
 * Reads a resumed run's log: checks it (schema version, shape), restores its authority (principal, policy,
 * narrowing) and indexes its syscalls for replay. A new run starts from nothing.
 */
export async function openRun(
  store: RunStore,
  request: {
    runId: string;
    resume: boolean;
    /** The run was claimed (status and owner set by the claim). */
    claimed: boolean;
    /**
     * A sub-agent's run: its spawn is journaled before its record is written, so a parent that crashed between
     * the two resumes a child that has no record; it then starts, as it never did.
     */
    child?: boolean;
    input: string | Message[];
    policy: Policy | undefined;
    principal: Principal | undefined;
    tools: readonly Tool[];
    now: number;
  },
): Promise<OpenedRun> {
  const { runId } = request;
  const fresh = (): OpenedRun => ({
    input: request.input,
    lastSeq: -1,
    recorded: indexSyscalls([]),
    startedFresh: true,
    policy: request.policy,
    narrowed: false,
    principal: request.principal,
    unrecorded: true,
  });
  if (!request.resume) return fresh();
  const run = await store.getRun(runId);
  if (!run && request.child) return fresh();
  if (!run)
    throw new WardenError({ code: 'NOT_FOUND', fault: 'user', message: `No run with id "${runId}" to resume.` });
  const events = await store.readEvents(runId);
  validateStoredEvents(runId, events);
  const start = events.find((event): event is RunStartEvent => event.type === 'run-start');
  const principal = restoreAuthority(runId, start, request.principal, request.policy);
  const narrowing = events.find((event): event is PolicyNarrowedEvent => event.type === 'policy-narrowed');
  if (!request.claimed)
    await store.updateRun(runId, { status: 'running', ownerId: currentOwnerId, updatedAt: request.now });
  return {
    // A run that died before its first events were written starts over from its stored input.
    input: start ? start.input : run.input,
    lastSeq: run.lastSeq,
    recorded: indexSyscalls(events),
    startedFresh: start === undefined,
    policy: narrowing
      ? applyProposal(request.policy, narrowing.proposal as PolicyProposal, request.tools)
      : request.policy,
    narrowed: narrowing !== undefined,
    principal,
    unrecorded: false,
  };
}

import { comparableFingerprints } from './fingerprint.js';
import { ReplayDivergenceError } from '../core/errors/run-errors.js';
import type {
  AgentSpawnEvent,
  ClockReadEvent,
  CodeEndEvent,
  CodeStartEvent,
  ElicitationRequestEvent,
  ElicitationResponseEvent,
  ModelRequestEvent,
  ModelResponseEvent,
  PolicyDecisionEvent,
  RunEvent,
  ToolApprovalRequestEvent,
  ToolApprovalResponseEvent,
  ToolCallEvent,
  ToolErrorEvent,
  ToolResultEvent,
} from '../core/events.js';

/** What a run's log already says about each syscall, for resuming without repeating side effects. */
export interface RecordedSyscalls {
  modelRequests: Map<string, ModelRequestEvent>;
  models: Map<string, ModelResponseEvent>;
  toolCalls: Map<string, ToolCallEvent>;
  toolOutcomes: Map<string, ToolResultEvent | ToolErrorEvent>;
  approvalRequests: Map<string, ToolApprovalRequestEvent>;
  /** Approval answers by approval id. */
  approvals: Map<string, ToolApprovalResponseEvent>;
  /** Child runs already started, by syscall id. */
  spawns: Map<string, AgentSpawnEvent>;
  clock: Map<string, number>;
  /** Code actions begun and ended, by syscall id. */
  codeStarts: Map<string, CodeStartEvent>;
  codeEnds: Map<string, CodeEndEvent>;
  /** Strategy records already written, by syscall id. */
  records: Set<string>;
  /**
   * The last policy decision of each syscall, by syscall id: a plan's (it journals no intent of its own), and an
   * allow that shared limit counters were already reserved for.
   */
  decisions: Map<string, PolicyDecisionEvent>;
  /** Questions tool servers asked (MCP elicitation), and their answers, by elicitation id. */
  elicitationRequests: Map<string, ElicitationRequestEvent>;
  elicitationAnswers: Map<string, ElicitationResponseEvent>;
}

export function indexSyscalls(events: readonly RunEvent[]): RecordedSyscalls {
  const recorded: RecordedSyscalls = {
    modelRequests: new Map(),
    models: new Map(),
    toolCalls: new Map(),
    toolOutcomes: new Map(),
    approvalRequests: new Map(),
    approvals: new Map(),
    spawns: new Map(),
    clock: new Map(),
    codeStarts: new Map(),
    codeEnds: new Map(),
    records: new Set(),
    decisions: new Map(),
    elicitationRequests: new Map(),
    elicitationAnswers: new Map(),
  };
  for (const event of events) {
    switch (event.type) {
      case 'model-request':
        recorded.modelRequests.set(event.syscallId, event);
        break;
      case 'elicitation-request':
        recorded.elicitationRequests.set(event.elicitationId, event);
        break;
      case 'elicitation-response':
        recorded.elicitationAnswers.set(event.elicitationId, event);
        break;
      case 'model-response':
        recorded.models.set(event.syscallId, event);
        break;
      case 'tool-call':
        recorded.toolCalls.set(event.syscallId, event);
        break;
      case 'tool-result':
      case 'tool-error':
        recorded.toolOutcomes.set(event.syscallId, event);
        break;
      case 'tool-approval-request':
        recorded.approvalRequests.set(event.syscallId, event);
        break;
      case 'tool-approval-response':
        recorded.approvals.set(event.approvalId, event);
        break;
      case 'agent-spawn':
        recorded.spawns.set(event.syscallId, event);
        break;
      case 'clock-read':
        recordClock(recorded, event);
        break;
      case 'code-start':
        recorded.codeStarts.set(event.syscallId, event);
        break;
      case 'code-end':
        recorded.codeEnds.set(event.syscallId, event);
        break;
      case 'strategy-record':
        recorded.records.add(event.syscallId);
        break;
      case 'policy-decision':
        recorded.decisions.set(event.syscallId, event);
        break;
    }
  }
  return recorded;
}

function recordClock(recorded: RecordedSyscalls, event: ClockReadEvent): void {
  recorded.clock.set(event.syscallId, event.value);
}

/**
 * Checks that a recorded syscall asked what the run asks now. A log written before fingerprints were
 * journaled has none, and one written with another fingerprint algorithm has incomparable ones; then the
 * subject (tool, agent) is still compared.
 */
export function verifyReplay(
  id: string,
  recorded: { fingerprint?: string; subject: string },
  requested: { fingerprint: string; subject: string },
): void {
  if (recorded.subject !== requested.subject) {
    throw new ReplayDivergenceError(id, recorded.subject, requested.subject);
  }
  const { fingerprint } = recorded;
  if (
    fingerprint !== undefined &&
    comparableFingerprints(fingerprint, requested.fingerprint) &&
    fingerprint !== requested.fingerprint
  ) {
    throw new ReplayDivergenceError(
      id,
      `${recorded.subject} (fingerprint ${recorded.fingerprint})`,
      `${requested.subject} with other input (fingerprint ${requested.fingerprint})`,
    );
  }
}

/**
 * Checks that no syscall of another kind was recorded at `id`: a run whose calls come in another order (a tool where
 * the log has a model call, or the other way round) diverges here instead of running as if new. An agent tool's
 * call is a tool call and a spawn at the same id.
 */
export function verifyKind(recorded: RecordedSyscalls, id: string, kind: 'model' | 'tool'): void {
  const other =
    kind === 'tool'
      ? recorded.modelRequests.get(id) && `a model call to ${recorded.modelRequests.get(id)!.model}`
      : recorded.toolCalls.get(id)
        ? `a call of tool "${recorded.toolCalls.get(id)!.toolName}"`
        : recorded.spawns.get(id) && `a spawn of agent "${recorded.spawns.get(id)!.agent}"`;
  const code = recorded.codeStarts.has(id) ? 'a code action' : recorded.clock.has(id) ? 'a clock read' : undefined;
  const found = other || code;
  if (found) throw new ReplayDivergenceError(id, found, kind === 'tool' ? 'a tool call' : 'a model call');
}

import type {
  ModelResponseEvent,
  RunEvent,
  ToolApprovalRequestEvent,
  ToolApprovalResponseEvent,
  ToolCallEvent,
  ToolErrorEvent,
  ToolResultEvent,
} from '../core/events.js';

/** What a run's log already says about each syscall, for resuming without repeating side effects. */
export interface RecordedSyscalls {
  models: Map<string, ModelResponseEvent>;
  toolCalls: Map<string, ToolCallEvent>;
  toolOutcomes: Map<string, ToolResultEvent | ToolErrorEvent>;
  approvalRequests: Map<string, ToolApprovalRequestEvent>;
  /** Approval answers by approval id. */
  approvals: Map<string, ToolApprovalResponseEvent>;
  /** Child runs already started, by syscall id. */
  spawns: Map<string, string>;
}

export function indexSyscalls(events: readonly RunEvent[]): RecordedSyscalls {
  const recorded: RecordedSyscalls = {
    models: new Map(),
    toolCalls: new Map(),
    toolOutcomes: new Map(),
    approvalRequests: new Map(),
    approvals: new Map(),
    spawns: new Map(),
  };
  for (const event of events) {
    switch (event.type) {
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
        recorded.spawns.set(event.syscallId, event.childRunId);
        break;
    }
  }
  return recorded;
}

import { StoreError } from './errors/store-error.js';
import { eventSchemaVersion, type RunEvent, type RunStatus } from './events.js';

// A record rather than a list, so that a status added to RunStatus and not here fails to compile.
const statusNames: Record<RunStatus, true> = {
  running: true,
  completed: true,
  failed: true,
  cancelled: true,
  budget_exceeded: true,
  awaiting_approval: true,
  halted: true,
  interrupted: true,
};

/** Every status a run can have, for checking one that comes from outside (a stored row, a CLI filter). */
export const runStatuses: readonly RunStatus[] = Object.keys(statusNames) as RunStatus[];

/** Whether a value from outside is one of the run statuses. */
export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && runStatuses.includes(value as RunStatus);
}

const knownTypes = new Set<string>([
  'run-start',
  'run-resume',
  'policy-narrowed',
  'step-start',
  'model-request',
  'model-response',
  'model-error',
  'model-route',
  'tool-call',
  'policy-decision',
  'tool-approval-request',
  'tool-approval-response',
  'tool-result',
  'tool-error',
  'tool-progress',
  'elicitation-request',
  'elicitation-response',
  'mcp-log',
  'agent-spawn',
  'clock-read',
  'code-start',
  'code-end',
  'memory-write',
  'strategy-record',
  'loop-detected',
  'budget-exceeded',
  'step-end',
  'run-end',
]);

/** Events whose `syscallId` replay looks them up by. */
const syscallTypes = new Set<string>([
  'model-request',
  'model-response',
  'tool-call',
  'tool-result',
  'tool-error',
  'tool-approval-request',
  'elicitation-request',
  'agent-spawn',
  'clock-read',
  'code-start',
  'code-end',
  'strategy-record',
]);

/**
 * Checks a run's stored log before anything replays it: every event of a known type, in order, with the
 * fields replay reads, written by a schema version this build knows. Throws a `StoreError` naming the run, the
 * event and what to do; never returns a log that would replay wrong.
 */
export function validateStoredEvents(runId: string, events: readonly RunEvent[]): void {
  let last = -1;
  for (const event of events) {
    const where = `run ${runId}, event ${event?.seq ?? '?'}`;
    if (typeof event !== 'object' || event === null || typeof event.seq !== 'number' || event.seq <= last) {
      throw invalid(`${where} is out of order or not an event`);
    }
    last = event.seq;
    if (!knownTypes.has(event.type)) {
      throw invalid(`${where} has the unknown type "${String(event.type)}"`);
    }
    if (syscallTypes.has(event.type) && typeof (event as { syscallId?: unknown }).syscallId !== 'string') {
      throw invalid(`${where} (${event.type}) has no syscall id`);
    }
    if (event.type === 'run-start' && !knownVersion(event.schemaVersion)) {
      throw invalid(`${where} (run-start) has the schema version ${JSON.stringify(event.schemaVersion)}, not a number`);
    }
    if (event.type === 'run-start' && Number(event.schemaVersion ?? 1) > eventSchemaVersion) {
      throw new StoreError(
        `Run ${runId} was written with event schema ${event.schemaVersion}; this Warden reads up to ${eventSchemaVersion}. Upgrade Warden to resume or read it.`,
        undefined,
        'EVENT_SCHEMA_TOO_NEW',
      );
    }
  }
  // Every run's log begins with its start, which holds its input and authority: a log without one was cut.
  if (events.length > 0 && !events.some((event) => event.type === 'run-start')) {
    throw invalid(`run ${runId} has events but no run-start`);
  }
}

/** A schema version as a run-start holds it: absent (schema 1), or a whole number (a numeric string, as written by hand). */
function knownVersion(version: unknown): boolean {
  if (version === undefined) return true;
  const number = typeof version === 'string' && /^\d+$/.test(version) ? Number(version) : version;
  return typeof number === 'number' && Number.isInteger(number) && number >= 1;
}

function invalid(what: string): StoreError {
  return new StoreError(
    `The run log is damaged: ${what}. It cannot be replayed; export what is readable with \`warden runs export\` and start a new run.`,
    undefined,
    'EVENT_INVALID',
  );
}

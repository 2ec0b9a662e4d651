import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors/config-error.js';
import type { ElicitationRequestEvent } from '../core/events.js';
import type { RunStore } from '../store/run-store.js';
import { checkElicitationAnswer, type ElicitationAnswer } from '../tools/mcp/elicitation-answer.js';
import type { ApprovalDesk } from './approvals.js';

/** A question an MCP server asked during a tool call, waiting for a person. */
export interface PendingElicitation {
  elicitationId: string;
  /** The run that asked (a sub-agent's run, when a child asked). */
  runId: string;
  agent: string;
  /** The top-level run to resume once it is answered. */
  rootRunId: string;
  rootAgent: string;
  server: string;
  toolName: string;
  syscallId: string;
  mode: 'form' | 'url';
  message: string;
  requestedSchema?: Record<string, unknown>;
  url?: string;
  requestedAt: number;
}

/**
 * Answers the questions tool servers asked (MCP elicitation) while their runs wait. The answer is checked
 * against the question's schema (defaults applied) before it is appended to the run's log; a wrong answer is
 * refused with `ELICITATION_ANSWER_INVALID` and changes nothing. Resume the run afterwards.
 */
export class ElicitationDesk {
  constructor(
    private readonly store: RunStore,
    private readonly clock: Clock,
    private readonly approvals: ApprovalDesk,
  ) {}

  /** Unanswered questions of one run, or of every run that waits. */
  async pending(runId?: string): Promise<PendingElicitation[]> {
    const runs = runId
      ? [await this.store.getRun(runId)].filter((run) => run !== undefined)
      : await this.store.listRuns({ status: 'awaiting_approval', limit: 1000 });
    const pending: PendingElicitation[] = [];
    for (const run of runs) {
      const events = await this.store.readEvents(run.id);
      const answered = new Set(
        events.flatMap((event) => (event.type === 'elicitation-response' ? [event.elicitationId] : [])),
      );
      const root = await this.approvals.rootOf(run);
      for (const event of events) {
        if (event.type !== 'elicitation-request' || answered.has(event.elicitationId)) continue;
        pending.push(toPending(event, run.agent, root.id, root.agent));
      }
    }
    return pending;
  }

  /** Unanswered questions of a run and of every sub-agent run below it. */
  async pendingInTree(rootRunId: string): Promise<PendingElicitation[]> {
    return (await this.pending()).filter((item) => item.rootRunId === rootRunId || item.runId === rootRunId);
  }

  /**
   * Records the answer (`accept` with `content`, `decline` or `cancel`) in the run's log, once.
   * @throws ConfigError `NOT_FOUND` (no such open question), `RUN_NOT_AWAITING_APPROVAL`;
   * WardenError `ELICITATION_ANSWER_INVALID` when the content does not satisfy the question's schema.
   */
  async answer(
    elicitationId: string,
    answer: ElicitationAnswer,
    options: { by?: string } = {},
  ): Promise<PendingElicitation & { answer: ElicitationAnswer }> {
    const runId = runIdOf(elicitationId);
    const run = runId ? await this.store.getRun(runId) : undefined;
    const request = run && (await this.pending(run.id)).find((item) => item.elicitationId === elicitationId);
    if (!run || !request) {
      throw new ConfigError(
        `No open elicitation "${elicitationId}".`,
        { fix: 'list open questions with `warden elicitations list`' },
        'NOT_FOUND',
      );
    }
    if (run.status !== 'awaiting_approval') {
      throw new ConfigError(`Run ${run.id} is ${run.status}, not waiting for input.`, {}, 'RUN_NOT_AWAITING_APPROVAL');
    }
    const checked = checkElicitationAnswer(request, answer);
    await this.store.append(run.id, [
      {
        type: 'elicitation-response',
        runId: run.id,
        seq: run.lastSeq + 1,
        time: this.clock.now(),
        elicitationId,
        action: checked.action,
        ...(checked.content !== undefined && { content: checked.content }),
        ...(options.by !== undefined && { by: options.by }),
      },
    ]);
    return { ...request, answer: checked };
  }
}

/** Elicitation ids are `eli_<runId>_<call>-e<n>`; run ids may contain `_`, so take up to the last one. */
function runIdOf(elicitationId: string): string | undefined {
  if (!elicitationId.startsWith('eli_')) return undefined;
  const end = elicitationId.lastIndexOf('_');
  return end > 4 ? elicitationId.slice(4, end) : undefined;
}

function toPending(
  event: ElicitationRequestEvent,
  agent: string,
  rootRunId: string,
  rootAgent: string,
): PendingElicitation {
  return {
    elicitationId: event.elicitationId,
    runId: event.runId,
    agent,
    rootRunId,
    rootAgent,
    server: event.server,
    toolName: event.toolName,
    syscallId: event.syscallId,
    mode: event.mode,
    message: event.message,
    ...(event.requestedSchema !== undefined && { requestedSchema: event.requestedSchema }),
    ...(event.url !== undefined && { url: event.url }),
    requestedAt: event.time,
  };
}

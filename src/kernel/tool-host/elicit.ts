import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode, McpError as ProtocolError } from '@modelcontextprotocol/sdk/types.js';
import { WardenError } from '../../core/errors/warden-error.js';
import type { ElicitationRequestEvent } from '../../core/events.js';
import { callHash } from '../../policy/call-hash.js';
import { checkElicitationAnswer, type ElicitationAnswer } from '../../tools/mcp/elicitation-answer.js';
import type { KernelContext } from '../kernel-context.js';
import { RunAwaitingInputError } from './awaiting-input.js';
import type { ElicitationQuestion } from './elicitation-handler.js';

export type { ElicitationHandler, ElicitationQuestion } from './elicitation-handler.js';

/** Questions one tool call may ask, whatever the run answers with: a server cannot loop the person (or callback). */
export const maxElicitationsPerCall = 16;

/** Where one tool call stands with its server's questions. */
export interface ElicitationScope {
  syscallId: string;
  toolName: string;
  /** How many questions were asked in this call so far (questions are numbered in order). */
  asked: number;
  /** The question the call paused for, once it did: every later question of the call is answered `cancel`. */
  pausedFor?: string;
  signal: AbortSignal;
  /** Stops the call: the run pauses (or ends) with this error instead of using the call's result. */
  stop(error: unknown): void;
  /** Marks the call's result as carrying what the person answered. */
  label(label: string): void;
}

/**
 * One `elicitation/create`: replayed from the log when answered before (a resumed run re-issues the call and the
 * server asks again), else answered by the run's `onElicitation`, else journaled as a durable question the run
 * pauses for. An answer is only ever served to the question it was given for (same digest). A call asks one
 * question at a time to a person: once it paused, further questions (a server asking many at once) are answered
 * `cancel` and not journaled; past `maxElicitationsPerCall` questions the server gets an error.
 */
export async function elicit(
  k: KernelContext,
  scope: ElicitationScope,
  request: ElicitRequestParams,
  server: string,
): Promise<ElicitResult> {
  const { runId, recorded, journal } = k.settings;
  if (scope.pausedFor !== undefined || scope.signal.aborted) return { action: 'cancel' };
  if (scope.asked >= maxElicitationsPerCall) {
    throw new WardenError({
      code: 'ELICITATION_LIMIT',
      fault: 'policy',
      message: `MCP server "${server}" asked more than ${maxElicitationsPerCall} questions in one tool call; Warden refuses the rest.`,
    });
  }
  const n = scope.asked++;
  const suffix = scope.syscallId.slice(runId.length + 1).replace(/[:/_.]/g, '-');
  const elicitationId = `eli_${runId}_${suffix}-e${n}`;
  const question = questionOf(request, {
    runId,
    elicitationId,
    syscallId: scope.syscallId,
    server,
    toolName: scope.toolName,
  });
  const questionHash = callHash('elicitation', { server, ...request });
  const asked = recorded.elicitationRequests.get(elicitationId);
  if (asked && asked.questionHash !== questionHash) {
    throw new WardenError({
      code: 'ELICITATION_DIVERGED',
      fault: 'system',
      message: `MCP server "${server}" asked a different question on resume than the one answered (${elicitationId}); the answer is not given to it. Run the task again.`,
      data: { elicitationId },
    });
  }
  const answered = recorded.elicitationAnswers.get(elicitationId);
  if (answered) return served(scope, server, answered);
  const { runId: _run, ...where } = question;
  const event: Omit<ElicitationRequestEvent, 'runId' | 'seq' | 'time'> = {
    type: 'elicitation-request',
    ...where,
    questionHash,
  };
  const handler = k.settings.onElicitation;
  if (handler) {
    const answer = checkElicitationAnswer(request, await handler(question, { signal: scope.signal }));
    if (!asked) journal.record(event);
    journal.record({ type: 'elicitation-response', elicitationId, ...answer, by: 'callback' });
    return served(scope, server, answer);
  }
  // Set before the flush: questions arriving while it runs must not journal questions of their own.
  scope.pausedFor = elicitationId;
  if (!asked) journal.record(event);
  await journal.flush(undefined, { now: true });
  scope.stop(new RunAwaitingInputError(elicitationId));
  throw new ProtocolError(ErrorCode.InternalError, `The run pauses until a person answers (${elicitationId}).`);
}

function served(scope: ElicitationScope, server: string, answer: ElicitationAnswer): ElicitResult {
  if (answer.action === 'accept') {
    scope.label('source:user');
    scope.label(`elicitation:${server}`);
  }
  return answer.content === undefined
    ? { action: answer.action }
    : { action: answer.action, content: answer.content as ElicitResult['content'] };
}

function questionOf(
  request: ElicitRequestParams,
  where: Pick<ElicitationQuestion, 'runId' | 'elicitationId' | 'syscallId' | 'server' | 'toolName'>,
): ElicitationQuestion {
  if (request.mode === 'url') return { ...where, mode: 'url', message: request.message, url: request.url };
  return {
    ...where,
    mode: 'form',
    message: request.message,
    requestedSchema: request.requestedSchema as Record<string, unknown>,
  };
}

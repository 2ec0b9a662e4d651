import type { ElicitationRequestEvent } from '../../core/mcp-events.js';
import type { ElicitationAnswer } from '../../tools/mcp/elicitation-answer.js';

/** A question a tool's server asks during a run, as `onElicitation` receives it: the event's fields and the run. */
export type ElicitationQuestion = Pick<
  ElicitationRequestEvent,
  'elicitationId' | 'syscallId' | 'server' | 'toolName' | 'mode' | 'message' | 'requestedSchema' | 'url'
> & { runId: string };

/**
 * Answers elicitations of a run at once (e.g. by asking the person at a terminal), instead of pausing the run.
 * The answer is checked against the question's schema like any other; a thrown error fails the tool call.
 */
export type ElicitationHandler = (
  question: ElicitationQuestion,
  context: { signal: AbortSignal },
) => Promise<ElicitationAnswer> | ElicitationAnswer;

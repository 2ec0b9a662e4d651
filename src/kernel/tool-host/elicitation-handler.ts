import type { ElicitationAnswer } from '../../tools/mcp/elicitation-answer.js';

/** A question a tool's server asks during a run, as `onElicitation` receives it. */
export interface ElicitationQuestion {
  runId: string;
  elicitationId: string;
  /** The tool syscall it was asked in. */
  syscallId: string;
  server: string;
  toolName: string;
  mode: 'form' | 'url';
  message: string;
  requestedSchema?: Record<string, unknown>;
  url?: string;
}

/**
 * Answers elicitations of a run at once (e.g. by asking the person at a terminal), instead of pausing the run.
 * The answer is checked against the question's schema like any other; a thrown error fails the tool call.
 */
export type ElicitationHandler = (
  question: ElicitationQuestion,
  context: { signal: AbortSignal },
) => Promise<ElicitationAnswer> | ElicitationAnswer;

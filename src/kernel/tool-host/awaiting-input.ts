import { RunSuspendedError } from '../control-flow.js';

/**
 * Thrown through the strategy when a tool's MCP server asked the person something (elicitation) that nobody
 * answered at once: the run is `awaiting_approval` and resumes once the question is answered. The resumed run
 * re-issues the tool call, and the server's repeated question is served the journaled answer.
 */
export class RunAwaitingInputError extends RunSuspendedError {
  constructor(readonly elicitationId: string) {
    super(elicitationId);
    this.message = `The run waits for an answer to elicitation ${elicitationId}. Answer it (warden elicitations answer ${elicitationId} --accept '{…}' | --decline | --cancel, or runtime.elicitations.answer), then resume the run.`;
  }
}

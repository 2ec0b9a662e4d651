import { ConfigError } from '../../core/errors/config-error.js';
import type { ElicitationAnswer } from '../../tools/mcp/elicitation-answer.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Workspace } from '../workspace.js';
import { runAndReport } from '../report-run.js';
import { formatTime, table } from '../format.js';
import type { CliIO } from '../io.js';

/** `warden elicitations list`: the questions tool servers asked while their runs wait. */
export async function listElicitations(runtime: Runtime, io: CliIO, options: { json?: boolean }): Promise<number> {
  const pending = await runtime.elicitations.pending();
  if (options.json) io.stdout(`${JSON.stringify(pending, null, 2)}\n`);
  else if (pending.length === 0) io.stdout('No questions are waiting.\n');
  else {
    const rows = [['ELICITATION', 'RUN', 'SERVER', 'TOOL', 'QUESTION', 'ASKS FOR', 'ASKED']];
    for (const item of pending) {
      rows.push([
        item.elicitationId,
        item.runId,
        item.server,
        item.toolName,
        item.message,
        item.mode === 'url' ? `open ${item.url}` : JSON.stringify(item.requestedSchema?.properties ?? {}),
        formatTime(item.requestedAt),
      ]);
    }
    io.stdout(`${table(rows)}\n`);
  }
  return 0;
}

/** What `answer` was told: exactly one of `--accept <json>`, `--decline`, `--cancel`. */
export interface AnswerOptions {
  accept?: string;
  decline?: boolean;
  cancel?: boolean;
  by?: string;
  resume?: boolean;
  json?: boolean;
}

/** `warden elicitations answer <id>`: checks the answer against the question, records it, then resumes the run. */
export async function answerElicitation(
  workspace: Workspace,
  io: CliIO,
  elicitationId: string,
  options: AnswerOptions,
): Promise<number> {
  const answer = answerOf(options);
  const request = await workspace.runtime.elicitations.answer(
    elicitationId,
    answer,
    options.by ? { by: options.by } : {},
  );
  io.stderr(`Answered ${request.server}'s question (${answer.action}) in run ${request.runId}.\n`);
  const root = request.rootRunId;
  const runtime = workspace.runtime;
  const waiting =
    (await runtime.approvals.pendingInTree(root)).length + (await runtime.elicitations.pendingInTree(root)).length;
  if (options.resume === false || waiting > 0) {
    io.stderr(`Resume it with: warden runs resume ${root}\n`);
    return 0;
  }
  const agent = await workspace.agents().agent(request.rootAgent);
  return runAndReport(runtime, io, agent, '', { resumeRunId: root, json: options.json ?? false });
}

function answerOf(options: AnswerOptions): ElicitationAnswer {
  const given = [options.accept !== undefined, options.decline === true, options.cancel === true].filter(Boolean);
  if (given.length !== 1) {
    throw new ConfigError(
      'Give exactly one answer.',
      { fix: `use --accept '{"field": "value"}' (or --accept '{}' for URL mode), --decline or --cancel` },
      'ANSWER_INVALID',
    );
  }
  if (options.decline) return { action: 'decline' };
  if (options.cancel) return { action: 'cancel' };
  let content: unknown;
  try {
    content = JSON.parse(options.accept ?? '{}');
  } catch (error) {
    throw new ConfigError(
      `--accept is not JSON (${error instanceof Error ? error.message : String(error)}).`,
      { fix: `quote it for the shell: --accept '{"name": "Ada"}'` },
      'ANSWER_INVALID',
    );
  }
  return { action: 'accept', content: content as Record<string, unknown> };
}

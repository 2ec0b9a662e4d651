import type { Runtime } from '../../runtime/runtime.js';
import type { Workspace } from '../workspace.js';
import { runAndReport } from '../report-run.js';
import { formatTime, table } from '../format.js';
import type { CliIO } from '../io.js';

/** `warden approvals list` */
export async function listApprovals(runtime: Runtime, io: CliIO, options: { json?: boolean }): Promise<number> {
  const pending = await runtime.approvals.pending();
  if (options.json) io.stdout(`${JSON.stringify(pending, null, 2)}\n`);
  else if (pending.length === 0) io.stdout('No approvals are pending.\n');
  else {
    const rows = [['APPROVAL', 'RUN', 'AGENT', 'TOOL', 'ARGUMENTS', 'RULE', 'ASKED']];
    for (const item of pending) {
      rows.push([
        item.approvalId,
        item.runId,
        item.agent,
        item.toolName,
        JSON.stringify(item.input),
        item.ruleId ?? '-',
        formatTime(item.requestedAt),
      ]);
    }
    io.stdout(`${table(rows)}\n`);
  }
  const questions = options.json ? [] : await runtime.elicitations.pending();
  if (questions.length > 0) {
    io.stdout(`${questions.length} question(s) from MCP servers wait too: warden elicitations list\n`);
  }
  return 0;
}

/** `warden approvals approve|deny <id>`: records the answer out of band, then resumes the run. */
export async function approveOrDeny(
  workspace: Workspace,
  io: CliIO,
  verdict: 'approve' | 'deny',
  approvalId: string,
  options: { reason?: string; by?: string; resume?: boolean; json?: boolean },
): Promise<number> {
  const answer = { ...(options.reason && { reason: options.reason }), ...(options.by && { by: options.by }) };
  const request = await workspace.runtime.approvals[verdict](approvalId, answer);
  io.stderr(`${verdict === 'approve' ? 'Approved' : 'Denied'} ${request.toolName} in run ${request.runId}.\n`);
  // A sub-agent's request suspends the whole run tree: the top-level run resumes, and resumes the child inside it.
  const root = request.rootRunId;
  const waiting =
    (await workspace.runtime.approvals.pendingInTree(root)).length +
    (await workspace.runtime.elicitations.pendingInTree(root)).length;
  if (options.resume === false || waiting > 0) {
    io.stderr(`Resume it with: warden runs resume ${root}\n`);
    return 0;
  }
  const agent = await workspace.agents().agent(request.rootAgent);
  return runAndReport(workspace.runtime, io, agent, '', { resumeRunId: root, json: options.json ?? false });
}

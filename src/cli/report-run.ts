import type { Agent } from '../runtime/define-agent.js';
import type { RunResult } from '../runtime/execute-run.js';
import type { Runtime } from '../runtime/runtime.js';
import { terminalElicitation } from './ask-elicitation.js';
import { EventRenderer } from './event-renderer.js';
import { exitCodeForStatus } from './exit-codes.js';
import { formatCost, formatDuration, formatUsage } from './format.js';
import { formatModelReport } from './format-model-report.js';
import type { CliIO } from './io.js';

export interface ReportOptions {
  json?: boolean;
  /** Resume this run instead of starting one. */
  resumeRunId?: string;
}

/** Runs (or resumes) an agent, streaming its events to the terminal, and returns the exit code. */
export async function runAndReport(
  runtime: Runtime,
  io: CliIO,
  agent: Agent<any>,
  input: string,
  options: ReportOptions = {},
): Promise<number> {
  const renderer = options.json ? undefined : new EventRenderer({ write: io.stdout, live: io.isTTY });
  let result: RunResult;
  try {
    const runOptions = {
      ...(renderer && { onEvent: renderer.onEvent }),
      ...(io.signal && { signal: io.signal }),
      // At a terminal the person answers MCP servers' questions at once; otherwise the run pauses for them.
      ...(io.ask && { onElicitation: terminalElicitation(io.ask, io.stderr) }),
    };
    if (options.resumeRunId) result = await runtime.resume(agent, options.resumeRunId, runOptions);
    else if (renderer) {
      const live = runtime.stream(agent, input, runOptions);
      for await (const _event of live) {
        // rendered by onEvent; draining keeps the stream flowing
      }
      result = await live.result;
    } else result = await runtime.run(agent, input, runOptions);
  } finally {
    renderer?.close();
  }
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(summarizeResult(result, renderer?.streamedText === result.text && result.text !== ''));
  return exitCodeForStatus(result.status, result.error);
}

/** The lines printed after a run: its answer (unless streamed already) or how it ended, and its figures. */
export function summarizeResult(result: RunResult, answerWasStreamed: boolean): string {
  const lines: string[] = [''];
  if (result.status === 'completed') {
    if (!answerWasStreamed)
      lines.push(typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2));
  } else {
    lines.push(`Run ended: ${result.status}${result.error ? ` — ${result.error.message}` : ''}`);
    if (result.text) lines.push(`Partial output: ${result.text}`);
    if (result.approvalId) lines.push(`Approve with: warden approvals approve ${result.approvalId}`);
  }
  lines.push('');
  lines.push(
    `${result.status} · ${result.steps} steps · ${formatUsage(result.usage)} · ${formatCost(result.costUsd)} · ${formatDuration(result.durationMs)} · run ${result.runId}`,
  );
  lines.push(`model: ${result.model}${result.simulated ? ' (simulated: no language model was called)' : ''}`);
  const models = formatModelReport(result.modelReport);
  if (models) lines.push(models);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

import { isRunStatus, runStatuses } from '../../core/event-schema.js';
import { ConfigError } from '../../core/errors/config-error.js';
import type { RunEvent, RunStatus } from '../../core/events.js';
import { toolOutputText } from '../../core/messages.js';
import type { RunRecord, RunStore } from '../../store/run-store.js';
import { describeMcpEvent } from '../describe-mcp-events.js';
import { LogProblems, logDamage } from '../readable-log.js';
import { formatCost, formatDuration, formatTime, formatUsage, table } from '../format.js';
import { describeRecord, strategyView } from '../strategy-view.js';
import { modelReportOf } from '../../runtime/model-report.js';
import { formatModelReport } from '../format-model-report.js';
import type { CliIO } from '../io.js';
import { requireRun } from './require-run.js';

export { exportRuns } from './runs-export.js';

/** `warden runs list` */
export async function listRuns(
  store: RunStore,
  io: CliIO,
  options: { json?: boolean; limit?: number; status?: string; tenant?: string },
): Promise<number> {
  const statuses = options.status === undefined ? undefined : parseStatuses(options.status);
  const runs = await store.listRuns({
    limit: options.limit ?? 20,
    ...(options.tenant !== undefined && { tenant: options.tenant }),
    ...(statuses && { status: statuses }),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    io.stdout('No runs yet. Start one with `warden run <agent> "<input>"` or `npm run demo`.\n');
    return 0;
  }
  const tenants = runs.some((run) => run.tenant !== undefined);
  const rows = [
    [
      'RUN',
      'AGENT',
      'STATUS',
      ...(tenants ? ['TENANT'] : []),
      'HELD BY',
      'STEPS',
      'TOKENS',
      'COST',
      'DURATION',
      'STARTED',
    ],
  ];
  for (const run of runs) {
    rows.push([
      run.id,
      run.agent,
      run.status,
      ...(tenants ? [run.tenant ?? '-'] : []),
      run.lease ? run.lease.owner : '-',
      String(run.steps),
      String(run.usage.totalTokens),
      formatCost(run.costUsd),
      run.endedAt ? formatDuration(run.endedAt - run.createdAt) : '-',
      formatTime(run.createdAt),
    ]);
  }
  io.stdout(`${table(rows)}\n`);
  return 0;
}

/** The statuses of `--status a,b`; an unknown one is a usage error that lists the known ones. */
function parseStatuses(text: string): RunStatus[] {
  const statuses = text
    .split(',')
    .map((status) => status.trim())
    .filter((status) => status !== '');
  const unknown = statuses.filter((status) => !isRunStatus(status));
  if (statuses.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      statuses.length === 0
        ? '--status names no status.'
        : `Unknown run status ${unknown.map((s) => `"${s}"`).join(', ')}.`,
      { fix: `use one or more of ${runStatuses.join(', ')}, comma-separated (e.g. --status failed,interrupted)` },
    );
  }
  return statuses as RunStatus[];
}

/**
 * `warden runs show <id>`: the run's summary and timeline. A damaged log is shown as far as it is readable,
 * then the command fails with `EVENT_INVALID` naming what was not.
 */
export async function showRun(store: RunStore, io: CliIO, runId: string, options: { json?: boolean }): Promise<number> {
  const run = await requireRun(store, runId);
  const events = await store.readEvents(runId);
  const problems = new LogProblems(runId);
  problems.add(logDamage(runId, events));
  const modelReport = problems.attempt('the model report', () => modelReportOf(events));
  if (options.json) {
    io.stdout(`${JSON.stringify({ run, modelReport, events }, null, 2)}\n`);
    if (!problems.empty) throw problems.error('The JSON above holds every stored event as it is.');
    return 0;
  }
  const children = await store.listRuns({ parentRunId: runId, limit: 1000 });
  const models = modelReport && formatModelReport(modelReport);
  io.stdout(`${header(run)}\n${models ? `\n${models}\n` : ''}\n${timeline(events, run.createdAt, problems)}\n`);
  const strategy = problems.attempt('the strategy records', () => strategyView(events));
  if (strategy) io.stdout(`\n${strategy}\n`);
  if (children.length > 0)
    io.stdout(`\nChild runs: ${children.map((child) => `${child.id} (${child.agent}, ${child.status})`).join(', ')}\n`);
  if (!problems.empty) throw problems.error('Shown above is what is readable.');
  return 0;
}

function header(run: RunRecord): string {
  const lines = [
    `Run ${run.id}  ${run.status}`,
    `agent ${run.agent} · model ${run.model}${run.parentRunId ? ` · child of ${run.parentRunId}` : ''}`,
    `${run.steps} steps · ${formatUsage(run.usage)} · ${formatCost(run.costUsd)} · ${run.endedAt ? formatDuration(run.endedAt - run.createdAt) : 'not ended'} · started ${formatTime(run.createdAt)}`,
    `input: ${run.input}`,
  ];
  if (run.error) lines.push(`error: ${run.error.code}: ${run.error.message}`);
  return lines.join('\n');
}

function timeline(events: readonly RunEvent[], start: number, problems: LogProblems): string {
  const lines: string[] = [];
  for (const event of events) {
    const at = `+${String(event.time - start).padStart(6)} ms`;
    const detail = problems.attempt(`event ${event.seq} (${event.type})`, () => describe(event), '(damaged)');
    if (detail !== undefined) lines.push(`${at}  ${event.type.padEnd(22)} ${detail}`);
  }
  return lines.join('\n');
}

function describe(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `${event.agent} with ${event.model}${event.simulated ? ' (simulated)' : ''}, tools: ${(event.tools ?? []).join(', ') || 'none'}`;
    case 'step-start':
      return `step ${event.step}`;
    case 'model-request':
      return `${event.purpose && event.purpose !== 'act' ? `${event.purpose}: ` : ''}${event.messageCount} messages, ${event.tools.length} tools${event.n ? `, n=${event.n}` : ''}`;
    case 'model-response': {
      const calls = event.content.filter((part) => part.type === 'tool-call').map((part) => part.toolName);
      const text = event.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      const timing = `${event.durationMs} ms${event.queueMs ? ` (+${event.queueMs} ms queued)` : ''}${event.retryWaitMs ? ` (+${event.retryWaitMs} ms retry wait, ${event.attempts} attempts)` : ''}`;
      return `${event.model ? `${event.model}: ` : ''}${event.finishReason}, ${event.usage.totalTokens} tokens, ${formatCost(event.costUsd)}, ${timing}${calls.length ? `, calls ${calls.join(', ')}` : ''}${text ? `: ${clip(text)}` : ''}`;
    }
    case 'tool-call':
      return `${event.exploration ? '(exploring) ' : ''}${event.toolName} ${clip(JSON.stringify(event.input))}${event.repair ? ` (repaired: ${event.repair.kind})` : ''}`;
    case 'tool-result':
      return `${event.toolName} (${event.durationMs} ms)${event.labels?.length ? ` [${event.labels.join(', ')}]` : ''}: ${clip(toolOutputText(event.output))}`;
    case 'tool-error':
      return `${event.toolName}: ${event.error.code}: ${clip(event.error.message)}`;
    case 'policy-decision':
      return `${event.decision} ${event.action}${event.ruleId ? ` by ${event.ruleId}` : ''}${event.reason ? `: ${event.reason}` : ''}`;
    case 'tool-approval-request':
      return `${event.approvalId} for ${event.toolName} ${clip(JSON.stringify(event.input))}`;
    case 'tool-approval-response':
      return `${event.approvalId} ${event.approved ? 'approved' : 'denied'}${event.by ? ` by ${event.by}` : ''}${event.reason ? `: ${event.reason}` : ''}`;
    case 'agent-spawn':
      return `${event.agent} as run ${event.childRunId}`;
    case 'code-start':
      return `${event.language}, tools ${event.tools.join(', ') || 'none'}: ${clip(event.code)}`;
    case 'code-end':
      return `${event.toolCalls} tool call(s)${event.labels?.length ? ` [${event.labels.join(', ')}]` : ''}: ${event.error ? `${event.error.code}: ${clip(event.error.message)}` : `returned ${clip(JSON.stringify(event.value) ?? 'nothing')}`}`;
    case 'loop-detected':
      return `${event.toolName} ×${event.repeats} (${event.action})`;
    case 'budget-exceeded':
      return `${event.budget}: ${event.value} > ${event.limit}`;
    case 'model-error':
      return `${event.model ? `${event.model} attempt ${event.attempt}: ` : ''}${event.error.code}: ${event.error.message}${event.willRetry ? ` (retry in ${event.waitMs ?? 0} ms)` : ''}`;
    case 'model-route':
      return `${event.from} → ${event.to}: ${event.reason}${event.detail ? ` (${event.detail})` : ''}${event.sticky ? '' : ', this call only'}`;
    case 'step-end':
      return `step ${event.step}, ${event.usage.totalTokens} tokens`;
    case 'run-end':
      return `${event.status}${event.error ? `: ${event.error.message}` : ''}`;
    case 'run-resume':
      return event.reason;
    case 'strategy-record':
      return describeRecord(event);
    case 'policy-narrowed':
      return `by ${event.by} to tools ${event.proposal.tools.join(', ')}${event.proposal.reason ? `: ${event.proposal.reason}` : ''}`;
    default:
      return describeMcpEvent(event, clip) ?? '';
  }
}

function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

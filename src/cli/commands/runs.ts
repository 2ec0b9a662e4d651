import { writeFileSync } from 'node:fs';
import { describeMcpEvent } from '../describe-mcp-events.js';
import { resolve } from 'node:path';
import { ConfigError } from '../../core/errors/config-error.js';
import { NotFoundError } from '../../core/errors/run-errors.js';
import type { RunEvent, RunStatus } from '../../core/events.js';
import { toolOutputText } from '../../core/messages.js';
import { toRoleTrajectories } from '../../runtime/role-trajectory.js';
import { toChatTrajectory } from '../../runtime/trajectory.js';
import type { RunRecord, RunStore } from '../../store/run-store.js';
import { formatCost, formatDuration, formatTime, formatUsage, table } from '../format.js';
import { describeRecord, strategyView } from '../strategy-view.js';
import { modelReportOf } from '../../runtime/model-report.js';
import { formatModelReport } from '../format-model-report.js';
import type { CliIO } from '../io.js';

/** `warden runs list` */
export async function listRuns(
  store: RunStore,
  io: CliIO,
  options: { json?: boolean; limit?: number; status?: string; tenant?: string },
): Promise<number> {
  const runs = await store.listRuns({
    limit: options.limit ?? 20,
    ...(options.tenant !== undefined && { tenant: options.tenant }),
    ...(options.status && { status: options.status.split(',') as RunStatus[] }),
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

/** `warden runs show <id>`: the run's summary and timeline. */
export async function showRun(store: RunStore, io: CliIO, runId: string, options: { json?: boolean }): Promise<number> {
  const run = await requireRun(store, runId);
  const events = await store.readEvents(runId);
  const modelReport = modelReportOf(events);
  if (options.json) {
    io.stdout(`${JSON.stringify({ run, modelReport, events }, null, 2)}\n`);
    return 0;
  }
  const children = await store.listRuns({ parentRunId: runId, limit: 1000 });
  const models = formatModelReport(modelReport);
  io.stdout(`${header(run)}\n${models ? `\n${models}\n` : ''}\n${timeline(events, run.createdAt)}\n`);
  const strategy = strategyView(events);
  if (strategy) io.stdout(`\n${strategy}\n`);
  if (children.length > 0)
    io.stdout(`\nChild runs: ${children.map((child) => `${child.id} (${child.agent}, ${child.status})`).join(', ')}\n`);
  return 0;
}

/** `warden runs export`: trajectories as event JSONL, or OpenAI chat fine-tuning JSONL. */
export async function exportRuns(
  store: RunStore,
  io: CliIO,
  runId: string | undefined,
  options: { all?: boolean; format: string; out?: string },
): Promise<number> {
  if (options.format !== 'jsonl' && options.format !== 'openai-chat' && options.format !== 'roles') {
    throw new ConfigError(`Unknown export format "${options.format}".`, {
      fix: 'use --format jsonl, --format openai-chat or --format roles (per-role examples of MALT runs)',
    });
  }
  if (!runId && !options.all)
    throw new ConfigError('Name a run to export, or pass --all.', { fix: 'warden runs export <id> --format jsonl' });
  const ids = runId
    ? [(await requireRun(store, runId)).id]
    : (await store.listRuns({ limit: 1_000_000 })).map((run) => run.id).reverse();
  const lines: string[] = [];
  for (const id of ids) {
    const events = await store.readEvents(id);
    if (options.format === 'jsonl') for (const event of events) lines.push(JSON.stringify(event));
    else if (options.format === 'roles')
      for (const example of toRoleTrajectories(events)) lines.push(JSON.stringify(example));
    else {
      const trajectory = toChatTrajectory(events);
      if (trajectory) lines.push(JSON.stringify(trajectory));
    }
  }
  const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  if (options.out) {
    writeFileSync(resolve(io.cwd, options.out), text);
    io.stderr(`Wrote ${lines.length} line(s) for ${ids.length} run(s) to ${options.out}\n`);
  } else io.stdout(text);
  return 0;
}

async function requireRun(store: RunStore, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) throw new NotFoundError('run', runId);
  return run;
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

function timeline(events: readonly RunEvent[], start: number): string {
  const lines: string[] = [];
  for (const event of events) {
    const at = `+${String(event.time - start).padStart(6)} ms`;
    const detail = describe(event);
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

import { describeSimulatedModel } from './simulated/simulated-models.js';
import type { RunStatusCounts, SecurityMetrics, SecurityReport } from './security-report.js';

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const micros = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const metricCells = (metrics: SecurityMetrics): string[] => [
  percent(metrics.utility),
  percent(metrics.utilityUnderAttack),
  percent(metrics.asr),
  percent(metrics.falseBlockRate),
  String(metrics.approvalsAsked),
  metrics.decisionP99Us === 0 ? '-' : `${micros(metrics.decisionP50Us)} / ${micros(metrics.decisionP99Us)}`,
  statusCell(metrics.statuses),
];

/** `completed / awaiting approval / failed / halted`, and `+ n other` when a run was cancelled or over budget. */
function statusCell(statuses: RunStatusCounts): string {
  const cell = `${statuses.completed} / ${statuses.awaitingApproval} / ${statuses.failed} / ${statuses.halted}`;
  return statuses.other > 0 ? `${cell} + ${statuses.other} other` : cell;
}

const metricHeader = [
  'utility',
  'utility under attack',
  'ASR',
  'false blocks',
  'approvals',
  'decision p50/p99 µs',
  'runs completed / awaiting approval / failed / halted',
];

/** Says which model produced a report, and that a simulated one is not a real model. */
function modelLine(report: Pick<SecurityReport, 'model' | 'simulated' | 'transport'>): string {
  const description = describeSimulatedModel(report.model);
  const via =
    report.transport === 'openai-server' ? ', answering over HTTP through the local OpenAI-compatible server' : '';
  if (description) return `Model: ${report.model} (${description}${via})`;
  return report.simulated
    ? `Model: ${report.model} (simulated: a scripted stand-in for a model, not a real one)`
    : `Model: ${report.model}`;
}

/** A report as a Markdown table: one row per suite and one for all of them. */
export function formatSecurityTable(report: SecurityReport): string {
  const rows = report.suites.map((suite) => [
    suite.name,
    String(suite.userTasks),
    String(suite.injectionTasks),
    String(suite.cases),
    ...metricCells(suite),
  ]);
  if (report.suites.length > 1) {
    const { overall } = report;
    rows.push([
      'all',
      String(overall.userTasks),
      String(overall.injectionTasks),
      String(overall.cases),
      ...metricCells(overall),
    ]);
  }
  const defense = report.oracleDefense
    ? `${report.defense} (oracle: reads the ground truth, an upper bound)`
    : report.defense;
  const errors = report.overall.errors > 0 ? `\n${report.overall.errors} case(s) failed with an error.` : '';
  return (
    [
      modelLine(report),
      `Defense: ${defense}. Attack: ${report.attack}.`,
      '',
      table(['suite', 'user tasks', 'injection tasks', 'attack cases', ...metricHeader], rows),
    ].join('\n') + errors
  );
}

/** Several reports of one model, one row per defense: the table of the README. */
export function formatDefenseComparison(reports: readonly SecurityReport[]): string {
  const first = reports[0];
  if (!first) return '(no reports)';
  const rows = reports.map((report) => [
    report.oracleDefense ? `${report.defense} †` : report.defense,
    ...metricCells(report.overall),
  ]);
  const footnote = reports.some((report) => report.oracleDefense)
    ? "\n† oracle: reads the task's ground truth; an upper bound, not a deployable defense."
    : '';
  const suites = first.suites.map((suite) => suite.name).join(', ');
  return (
    [
      modelLine(first),
      `Suites: ${suites} (${first.overall.userTasks} user tasks, ${first.overall.injectionTasks} injection tasks, ${first.overall.cases} attack cases). Attack: ${first.attack}.`,
      '',
      table(['defense', ...metricHeader], rows),
    ].join('\n') + footnote
  );
}

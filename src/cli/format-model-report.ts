import type { ModelReport } from '../runtime/model-report.js';
import { formatCost, formatDuration, table } from './format.js';

const formatEnergy = (wh: number): string =>
  wh === 0 ? '0 Wh' : wh < 0.01 ? `${(wh * 1000).toFixed(2)} mWh` : `${wh.toFixed(3)} Wh`;

/** The per-model table of a run, its energy column labelled as an estimate wherever it is shown. */
export function formatModelReport(report: ModelReport): string {
  if (report.models.length === 0) return '';
  const rows = [
    ['MODEL', 'CALLS', 'ATTEMPTS', 'TOKENS IN/OUT', 'COST', 'SERVICE', 'QUEUED', 'RETRY WAIT', 'ENERGY (ESTIMATE)'],
  ];
  for (const entry of report.models) {
    rows.push([
      entry.model,
      String(entry.calls),
      String(entry.attempts),
      `${entry.inputTokens}/${entry.outputTokens}`,
      formatCost(entry.costUsd),
      formatDuration(entry.serviceMs),
      formatDuration(entry.queueMs),
      formatDuration(entry.retryWaitMs),
      `~${formatEnergy(entry.energyWhEstimate)} (${entry.energyClass}${entry.energyBasis === 'default' ? ', default class' : ''})`,
    ]);
  }
  return `${table(rows)}\nestimated energy ~${formatEnergy(report.energyWhEstimate)}. ${report.energyNote}`;
}

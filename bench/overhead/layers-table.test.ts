import { describe, expect, it } from 'vitest';
import { summarizeInvocations } from '../invocations.js';
import { formatLayersTable, type LayersReport } from './layers-table.js';

const report = (cpu: number): LayersReport => ({
  figures: [{ layer: 'kernel', usPerStep: 10, cpuUsPerStep: cpu }],
  runs: 1000,
  warmup: 1300,
  node: 'v20',
});

describe('the layers table', () => {
  it('shows each figure of a summary as its median with the range of the invocations', () => {
    const summary = summarizeInvocations([report(12), report(10), report(17)]);
    const table = formatLayersTable(summary as unknown as LayersReport, summary.range, summary.invocations);
    expect(table).toContain('| kernel | 10 | 12 (10–17) |');
    expect(table).toContain('Medians (and ranges) of 3 invocations in a row');
  });

  it('says when it holds one invocation only', () => {
    expect(formatLayersTable(report(12))).toContain('One invocation');
  });
});

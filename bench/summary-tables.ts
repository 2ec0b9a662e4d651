/**
 * The Markdown tables some benches write beside their JSON, drawn again from the summary of several invocations
 * (`invocations.ts`), so a table shows the medians, with their ranges, never the last invocation's figures alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvocationSummary } from './invocations.js';
import { resultsDir } from './overhead/anchors-dir.js';
import { formatOverheadTable } from './overhead/format-table.js';
import { formatLayersTable, type LayersReport } from './overhead/layers-table.js';
import type { MemoryFigures } from './overhead/measure-memory.js';
import type { OverheadSummary } from './overhead/summarize.js';

type Summary = Record<string, unknown> & InvocationSummary;

const note = (summary: Summary) =>
  `\nMedians of ${summary.invocations} invocations in a row; each figure's range is in the JSON beside this file (\`range\`).\n`;

/** Rewrites a bench's Markdown table from its summary; benches without one are left alone. */
export const summaryTables: Record<string, (summary: Summary) => void> = {
  overhead(summary) {
    const table = formatOverheadTable(summary as unknown as OverheadSummary, summary.memory as MemoryFigures);
    writeFileSync(join(resultsDir, 'overhead.md'), `${table}\n${note(summary)}`);
  },
  layers(summary) {
    writeFileSync(
      join(resultsDir, 'layers.md'),
      formatLayersTable(summary as unknown as LayersReport, summary.range, summary.invocations),
    );
  },
};

import type { Spread } from '../invocations.js';

/** One layer's figures: `figures` in `layers.json`. */
export interface LayerFigure {
  layer: string;
  /** Median over rounds of wall time per step. */
  usPerStep: number;
  /** CPU (user + system) per step over all rounds. */
  cpuUsPerStep: number;
}

/** What `npm run bench -- layers` writes to `layers.json`. */
export interface LayersReport {
  figures: LayerFigure[];
  runs: number;
  warmup: number;
  node: string;
  measuredAt?: string;
}

/**
 * The Markdown table of `layers.md`. With `range` (a summary of several invocations), each figure is its median
 * with the range of the invocations beside it.
 */
export function formatLayersTable(report: LayersReport, range?: Record<string, Spread>, invocations?: number): string {
  const cell = (value: number, path: string) => {
    const spread = range?.[path];
    return spread ? `${value} (${spread.min}–${spread.max})` : `${value}`;
  };
  const lines = [
    '| layer (no HTTP, in process) | µs/step (median of 5 rounds) | CPU µs/step |',
    '|---|---|---|',
    ...report.figures.map(
      (figure, i) =>
        `| ${figure.layer} | ${cell(figure.usPerStep, `figures[${i}].usPerStep`)} | ${cell(figure.cpuUsPerStep, `figures[${i}].cpuUsPerStep`)} |`,
    ),
  ];
  const how = range
    ? `Medians (and ranges) of ${invocations ?? 'several'} invocations in a row`
    : `One invocation, ${report.measuredAt ?? ''}; report the median and range of three (\`--invocations 3\`)`;
  return `${lines.join('\n')}\n\n${how}: Node ${report.node}, ${report.runs} runs a round after ${report.warmup} warmup runs.\n`;
}

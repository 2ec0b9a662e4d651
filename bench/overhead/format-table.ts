import type { MemoryFigures } from './measure-memory.js';
import type { OverheadSummary, RunnerFigures } from './summarize.js';

const fixed = (value: number | null | undefined, digits = 2) => (value == null ? '-' : value.toFixed(digits));

/** The markdown table of `overhead.md`: one row per runner, the floor first, then the verdict against the targets. */
export function formatOverheadTable(summary: OverheadSummary, memory?: MemoryFigures): string {
  const rows: Array<[string, RunnerFigures]> = [
    ['plain openai loop (floor)', summary.floor],
    ...Object.entries(summary.reference).map(([id, figures]): [string, RunnerFigures] => [id, figures]),
    ...(summary.warden ? [['**warden**', summary.warden] as [string, RunnerFigures]] : []),
    ...Object.entries(summary.anchors)
      .sort(([, a], [, b]) => a.msPerStep - b.msPerStep)
      .map(([id, figures]): [string, RunnerFigures] => [id, figures]),
  ];
  const lines = [
    '| runner | version | ms/step | overhead ms/step | ratio to floor | CPU ms/step | ratio to floor per pass | paired overhead ms/step |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ([label, f]) =>
        `| ${label} | ${f.version} | ${fixed(f.msPerStep, 3)} | ${fixed(f.overheadMsPerStep, 3)} | ${fixed(f.ratioToFloor)}x | ${fixed(f.cpuMsPerStep, 3)} | ${fixed(f.ratioToFloorRange[0])}-${fixed(f.ratioToFloorRange[1])}x | ${fixed(f.pairedOverheadMsPerStep, 3)} |`,
    ),
  ];
  for (const id of Object.keys(summary.failed))
    lines.push(`| ${id} | - | failed in every pass (see overhead.json) | | | | | |`);
  lines.push('');
  const sideEffects = summary.reference['warden-side-effects']?.ratioToFloor;
  lines.push(
    `Medians over ${summary.passes} passes of each runner's per-pass median (10-step run, instant fake server). ` +
      `Against the kernel-integrity targets: Warden's overhead / the lightest anchor's (${summary.lightestAnchor ?? '-'}) by client CPU ` +
      `**${fixed(summary.cpuRatioToLightestAnchor)}** (target <= 0.2), by wall time ${fixed(summary.ratioToLightestAnchor)}; ` +
      `Warden / floor by wall time **${fixed(summary.wardenToFloor)}x** (target <= 1.15x)` +
      (sideEffects === undefined ? '.' : `; side-effecting tool / floor **${fixed(sideEffects)}x** (target <= 1.3x).`),
  );
  if (summary.parallel) {
    const p = summary.parallel;
    lines.push(
      '',
      `8 parallel tool calls a step: Warden under a 100-rule policy with a labelled history ${fixed(p.wardenMsPerStep, 3)} ms/step, ` +
        `the AI SDK doing the same calls with no policy ${fixed(p.aiSdkMsPerStep, 3)} ms/step: ${fixed(p.wallRatio)}x by wall time, ${fixed(p.cpuRatio)}x by client CPU.`,
    );
  }
  if (memory) lines.push('', ...formatMemory(memory));
  return lines.join('\n');
}

function formatMemory(memory: MemoryFigures): string[] {
  const lines = ['| Warden memory | per run |', '|---|---|'];
  if (memory.sqlite) {
    const s = memory.sqlite;
    lines.push(
      `| heap the runtime keeps per completed run (SQLite store) | ${fixed(s.runtimeHeapKBPerRun)} KB |`,
      `| heap of one kept RunResult | ${fixed(s.resultHeapKBPerRun)} KB |`,
      `| RSS growth per run, results kept (SQLite store) | ${fixed(s.rssKBPerRunWithResults)} KB |`,
      `| SQLite file per 1000 stored runs (${s.eventsPerRun} events each) | ${fixed(s.sqliteMBPer1000Runs, 3)} MB |`,
    );
  }
  if (memory.memory) {
    lines.push(
      `| heap the runtime keeps per completed run (in-memory store) | ${fixed(memory.memory.runtimeHeapKBPerRun)} KB |`,
    );
  }
  lines.push(
    '',
    'A negative growth means the heap or RSS shrank over the measured runs: nothing held per run beyond noise.',
  );
  return lines;
}

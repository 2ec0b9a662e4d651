import type { RunnerRole } from './runners.js';
import { median, round } from './statistics.js';

/** One runner's figures from one pass. */
export interface PassSample {
  pass: number;
  /** Median wall time of one whole run. */
  medianMs: number;
  /** Client CPU time (user + system) per run. */
  cpuMsPerRun: number;
}

/** Everything measured for one runner over all passes. */
export interface RunnerSamples {
  id: string;
  role: RunnerRole;
  name: string;
  version: string;
  samples: PassSample[];
  failures: string[];
}

/** One runner's line in `overhead.json`. */
export interface RunnerFigures {
  name: string;
  version: string;
  /** Median over passes of the per-pass median, per step. */
  msPerStep: number;
  /** `msPerStep - floorMsPerStep`. */
  overheadMsPerStep: number;
  /** Median over passes of client CPU per run, per step. */
  cpuMsPerStep: number;
  /** `cpuMsPerStep` minus the floor's: steadier than wall time on a busy machine. */
  cpuOverheadMsPerStep: number;
  /** `msPerStep / floorMsPerStep`. */
  ratioToFloor: number;
  /** Median over passes of (this runner's median - the floor's median in the same pass), per step: less noisy. */
  pairedOverheadMsPerStep: number;
  /** The smallest and largest ratio to the floor in a single pass. */
  ratioToFloorRange: [number, number];
  passesMeasured: number;
  failures?: string[];
}

/** The content of `bench/results/overhead.json` before `memory` and `meta` are added. */
export interface OverheadSummary {
  passes: number;
  floorMsPerStep: number;
  floor: RunnerFigures;
  warden: RunnerFigures | null;
  anchors: Record<string, RunnerFigures>;
  reference: Record<string, RunnerFigures>;
  lightestAnchor: string | null;
  /** Warden's overhead over the lightest anchor's; null when that anchor's overhead is not above zero. */
  ratioToLightestAnchor: number | null;
  /** The same ratio from client CPU time instead of wall time. */
  cpuRatioToLightestAnchor: number | null;
  /** Warden's msPerStep over the floor's (target: at most 1.15). */
  wardenToFloor: number | null;
  /** 8 tool calls a step: Warden under a 100-rule policy beside the AI SDK with none (same work). */
  parallel: { wardenMsPerStep: number; aiSdkMsPerStep: number; wallRatio: number; cpuRatio: number } | null;
  /** Runners that failed in every pass, with why. */
  failed: Record<string, string[]>;
}

/** Reduces every runner's per-pass samples to the figures of `overhead.json`. */
export function summarize(runners: readonly RunnerSamples[], steps: number, passes: number): OverheadSummary {
  const floorRunner = runners.find((runner) => runner.role === 'floor');
  if (!floorRunner || floorRunner.samples.length === 0) {
    const why = floorRunner?.failures[0] ?? 'it did not run';
    throw new Error(`The floor (plain openai loop) has no measurement, so nothing can be compared: ${why}`);
  }
  const floorMs = median(floorRunner.samples.map((sample) => sample.medianMs));
  const floorCpu = median(floorRunner.samples.map((sample) => sample.cpuMsPerRun));
  const floorByPass = new Map(floorRunner.samples.map((sample) => [sample.pass, sample.medianMs]));

  const figures = (runner: RunnerSamples): RunnerFigures => {
    const ms = median(runner.samples.map((sample) => sample.medianMs));
    const cpu = median(runner.samples.map((sample) => sample.cpuMsPerRun));
    const paired = runner.samples.filter((sample) => floorByPass.has(sample.pass));
    const ratios = paired.map((sample) => sample.medianMs / floorByPass.get(sample.pass)!);
    const result: RunnerFigures = {
      name: runner.name,
      version: runner.version,
      msPerStep: round(ms / steps),
      overheadMsPerStep: round((ms - floorMs) / steps),
      cpuMsPerStep: round(cpu / steps),
      cpuOverheadMsPerStep: round((cpu - floorCpu) / steps),
      ratioToFloor: round(ms / floorMs),
      pairedOverheadMsPerStep: round(
        median(paired.map((sample) => (sample.medianMs - floorByPass.get(sample.pass)!) / steps)),
      ),
      ratioToFloorRange: [round(Math.min(...ratios)), round(Math.max(...ratios))],
      passesMeasured: runner.samples.length,
    };
    if (runner.failures.length > 0) result.failures = runner.failures;
    return result;
  };

  const measured = runners.filter((runner) => runner.samples.length > 0);
  const byRole = (role: RunnerRole) =>
    Object.fromEntries(measured.filter((runner) => runner.role === role).map((runner) => [runner.id, figures(runner)]));
  const anchors = byRole('anchor');
  const wardenRunner = measured.find((runner) => runner.role === 'warden');
  const warden = wardenRunner ? figures(wardenRunner) : null;
  const lightest = Object.entries(anchors).sort(([, a], [, b]) => a.overheadMsPerStep - b.overheadMsPerStep)[0];
  const lightestOverhead = lightest?.[1].overheadMsPerStep ?? 0;
  const lightestCpuOverhead = Math.min(...Object.values(anchors).map((anchor) => anchor.cpuOverheadMsPerStep));
  const reference = byRole('reference');
  const [wardenParallel, aiSdkParallel] = [reference['warden-parallel-policy'], reference['ai-sdk-parallel']];
  return {
    passes,
    floorMsPerStep: round(floorMs / steps),
    floor: figures(floorRunner),
    warden,
    anchors,
    reference,
    lightestAnchor: lightest?.[0] ?? null,
    ratioToLightestAnchor: warden && lightestOverhead > 0 ? round(warden.overheadMsPerStep / lightestOverhead) : null,
    cpuRatioToLightestAnchor:
      warden && lightestCpuOverhead > 0 && Number.isFinite(lightestCpuOverhead)
        ? round(warden.cpuOverheadMsPerStep / lightestCpuOverhead)
        : null,
    wardenToFloor: warden ? warden.ratioToFloor : null,
    parallel:
      wardenParallel && aiSdkParallel
        ? {
            wardenMsPerStep: wardenParallel.msPerStep,
            aiSdkMsPerStep: aiSdkParallel.msPerStep,
            wallRatio: round(wardenParallel.msPerStep / aiSdkParallel.msPerStep),
            cpuRatio: round(wardenParallel.cpuMsPerStep / aiSdkParallel.cpuMsPerStep),
          }
        : null,
    failed: Object.fromEntries(
      runners.filter((runner) => runner.samples.length === 0).map((runner) => [runner.id, runner.failures]),
    ),
  };
}

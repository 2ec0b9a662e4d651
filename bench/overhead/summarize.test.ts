import { describe, expect, it } from 'vitest';
import type { RunnerRole } from './runners.js';
import { type RunnerSamples, summarize } from './summarize.js';

const runner = (id: string, role: RunnerRole, medians: number[], cpu = medians): RunnerSamples => ({
  id,
  role,
  name: id,
  version: `${id} 1.0`,
  samples: medians.map((medianMs, pass) => ({ pass, medianMs, cpuMsPerRun: cpu[pass]! })),
  failures: [],
});

describe('summarize', () => {
  it('takes the median over passes of each per-pass median, per step, and relates it to the floor', () => {
    const summary = summarize(
      [
        runner('plain-openai', 'floor', [10, 20, 12]),
        runner('warden', 'warden', [11, 25, 13], [9, 10, 30]),
        runner('ai-sdk', 'anchor', [14, 30, 15]),
        runner('mastra', 'anchor', [40, 60, 50]),
      ],
      10,
      3,
    );
    expect(summary.floorMsPerStep).toBe(1.2);
    expect(summary.warden).toMatchObject({
      msPerStep: 1.3,
      overheadMsPerStep: 0.1,
      cpuMsPerStep: 1,
      ratioToFloor: 1.083,
    });
    expect(summary.warden?.pairedOverheadMsPerStep).toBe(0.1);
    expect(summary.warden?.ratioToFloorRange).toEqual([1.083, 1.25]);
    expect(summary.anchors['ai-sdk']).toMatchObject({ version: 'ai-sdk 1.0', msPerStep: 1.5, overheadMsPerStep: 0.3 });
    expect(summary.lightestAnchor).toBe('ai-sdk');
    expect(summary.ratioToLightestAnchor).toBe(0.333);
    expect(summary.cpuRatioToLightestAnchor).toBe(-0.667);
    expect(summary.wardenToFloor).toBe(1.083);
  });

  it('gives no ratio to the lightest anchor when that anchor is not slower than the floor', () => {
    const summary = summarize(
      [runner('plain-openai', 'floor', [10]), runner('warden', 'warden', [12]), runner('ai-sdk', 'anchor', [10])],
      10,
      1,
    );
    expect(summary.ratioToLightestAnchor).toBeNull();
  });

  it('lists runners that failed in every pass and leaves them out of the figures', () => {
    const failed = { ...runner('mastra', 'anchor', []), failures: ['pass 1: exited with code 1'] };
    const summary = summarize([runner('plain-openai', 'floor', [10]), failed], 10, 1);
    expect(summary.anchors).toEqual({});
    expect(summary.warden).toBeNull();
    expect(summary.failed).toEqual({ mastra: ['pass 1: exited with code 1'] });
  });

  it('refuses to compare without a floor measurement', () => {
    const floor = { ...runner('plain-openai', 'floor', []), failures: ['pass 1: timed out'] };
    expect(() => summarize([floor], 10, 1)).toThrow(/floor .* no measurement.*timed out/);
  });
});

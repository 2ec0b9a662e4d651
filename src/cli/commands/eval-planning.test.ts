import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

describe('warden eval planning', () => {
  // 36 ReAct runs over HTTP (12 tasks at three p): well over the default timeout on a loaded 2-core machine.
  it('prints success per p, labels the model simulated, and writes the JSON shape', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-planning-'));
    const io = memoryIO({ cwd: dir, env: {} });
    const code = await runCommand(['eval', 'planning', '--seeds', '1', '--strategy', 'react', '--json', 'p.json'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('SIMULATED proposer');
    expect(io.out()).toMatch(/react\s+\d/);
    const report = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8'));
    expect(report.tasks).toBe(12);
    expect(Object.keys(report.strategies.react)).toEqual(['0.5', '0.7', '0.9']);
    expect(report.strategies.react['0.7']).toHaveProperty('modelCallsMean');
    expect(report.strategies.react['0.7']).toHaveProperty('tokensMean');
  });

  it('names the strategies it knows when given an unknown one', async () => {
    const io = memoryIO({ cwd: tmpdir(), env: {} });
    const code = await runCommand(['eval', 'planning', '--seeds', '1', '--strategy', 'greedy'], io);
    expect(code).not.toBe(0);
    expect(io.err()).toContain('There is no planning strategy "greedy": react, plan-execute');
  });
});

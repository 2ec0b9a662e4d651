import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatSecurityBench,
  medianRange,
  replaceTable,
  type SecurityBenchResults,
  tableEnd,
  tableIn,
  tableStart,
} from './security-table.js';

const resultsFile = new URL('./results/security-bench.json', import.meta.url);
const doc = readFileSync(new URL('../docs/eval.md', import.meta.url), 'utf8');

describe('the results table of docs/eval.md', () => {
  it('is the one the last `npm run bench -- security` generated', () => {
    expect(existsSync(resultsFile), 'run npm run bench -- security').toBe(true);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SecurityBenchResults;
    expect(tableIn(doc)).toBe(formatSecurityBench(results).trim());
  });

  it('states a reproducing command for every set, and median and range for repeated timings', () => {
    const table = tableIn(doc) ?? '';
    expect(table.match(/Reproduce: `warden eval security [^`]+`/g)?.length).toBeGreaterThanOrEqual(4);
    expect(medianRange([3, 1, 2])).toBe('2 (1–3)');
    expect(medianRange([4, 1, 2, 3], 1)).toBe('2.5 (1.0–4.0)');
    expect(medianRange([7])).toBe('7');
  });

  it('replaces only what lies between the markers', () => {
    const text = `before\n${tableStart}\nold\n${tableEnd}\nafter`;
    expect(replaceTable(text, 'new')).toBe(`before\n${tableStart}\nnew\n${tableEnd}\nafter`);
    expect(() => replaceTable('no markers', 'x')).toThrow(/markers/);
  });
});

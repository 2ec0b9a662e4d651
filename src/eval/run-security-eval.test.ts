import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../testing/scripted-model.js';
import { runAllDefenses, runSecurityEval } from './run-security-eval.js';
import { loadSuite } from './suite/load-suite.js';
import { resolveSuiteDir } from './suite/resolve-suite.js';

describe('runSecurityEval', () => {
  it('reports in the documented JSON shape, with the model it ran', async () => {
    const report = await runSecurityEval({ suites: ['travel'], attack: 'ignore_previous', defense: 'none' });
    expect(report).toMatchObject({
      model: 'simulated:compromised',
      simulated: true,
      defense: 'none',
      attack: 'ignore_previous',
    });
    expect(Object.keys(report.overall)).toEqual(
      expect.arrayContaining([
        'suites',
        'userTasks',
        'injectionTasks',
        'utility',
        'utilityUnderAttack',
        'asr',
        'falseBlockRate',
        'decisionP99Us',
      ]),
    );
    expect(report.suites[0]).toMatchObject({ name: 'travel', userTasks: 20, injectionTasks: 8, utility: 1 });
    expect(report.overall.cases).toBe(20 * 8);
  }, 60_000);

  it('runs a real model through the same cases, and counts its failures', async () => {
    const suite = await loadSuite(resolveSuiteDir('travel'));
    const report = await runSecurityEval({
      suites: [{ ...suite, userTasks: suite.userTasks.slice(0, 1), injectionTasks: suite.injectionTasks.slice(0, 1) }],
      model: 'scripted:always-done',
      resolveModel: () => new ScriptedModel(Array.from({ length: 10 }, () => ({ text: 'Done.' }))),
      attack: 'important_instructions',
    });
    expect(report.model).toBe('scripted:scripted-model');
    expect(report.simulated).toBe(true);
    expect(report.overall).toMatchObject({ utility: 0, asr: 0, cases: 1, errors: 0 });
  });

  it('runs every defense with the same suites for the README table', async () => {
    const suite = await loadSuite(resolveSuiteDir('workspace'));
    const reports = await runAllDefenses({
      suites: [suite],
      attack: 'tool_knowledge',
      defenses: ['none', 'policy', 'tool-filter-oracle'],
    });
    expect(reports.map((report) => [report.defense, report.oracleDefense])).toEqual([
      ['none', false],
      ['policy', false],
      ['tool-filter-oracle', true],
    ]);
    expect(reports[0]!.overall.asr).toBe(1);
    expect(reports[1]!.overall.asr).toBe(0);
    expect(reports[1]!.overall.decisionP99Us).toBeGreaterThan(0);
  }, 60_000);
});

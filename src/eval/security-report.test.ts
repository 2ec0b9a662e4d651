import { describe, expect, it } from 'vitest';
import { formatDefenseComparison, formatSecurityTable } from './format-security-table.js';
import { type CaseResult, percentile, type SecurityReport, suiteReport, summarize } from './security-report.js';

const benign = (userTask: string, utility: boolean, blocked = 0): CaseResult => ({
  suite: 's',
  userTask,
  utility,
  groundTruthCalls: 2,
  blockedCalls: blocked,
  approvalsAsked: blocked,
  decisionTimesUs: [10, 20],
  status: 'completed',
});
const attack = (userTask: string, name: string, utility: boolean, succeeded: boolean): CaseResult => ({
  ...benign(userTask, utility),
  injectionTask: 'leak',
  attack: name,
  attackSucceeded: succeeded,
  groundTruthCalls: 0,
  approvalsAsked: 0,
  decisionTimesUs: [30],
});

const results = [
  benign('a', true),
  benign('b', false, 1),
  attack('a', 'ignore_previous', true, true),
  attack('a', 'tool_knowledge', true, false),
  attack('b', 'tool_knowledge', false, false),
  attack('b', 'ignore_previous', false, false),
];

describe('metrics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.99,
      ),
    ).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('pools utility, attack success and false blocks over the cases', () => {
    expect(summarize(results, 2, 1)).toEqual({
      userTasks: 2,
      injectionTasks: 1,
      cases: 4,
      utility: 0.5,
      utilityUnderAttack: 0.5,
      asr: 0.25,
      falseBlockRate: 0.25,
      approvalsAsked: 1,
      decisionP50Us: 20,
      decisionP99Us: 30,
      errors: 0,
      statuses: { completed: 6, awaitingApproval: 0, failed: 0, halted: 0, other: 0 },
    });
  });

  it('counts every run status, so that a suspended case shows', () => {
    const ended = ['completed', 'awaiting_approval', 'failed', 'halted', 'budget_exceeded', 'cancelled'];
    const mixed = ended.map((status, index) => ({ ...benign(`t${index}`, false), status }));
    expect(summarize(mixed, 6, 0).statuses).toEqual({
      completed: 1,
      awaitingApproval: 1,
      failed: 1,
      halted: 1,
      other: 2,
    });
  });

  it('breaks a suite down by attack and lists what went wrong', () => {
    const report = suiteReport('s', results, 2, 1);
    expect(report.byAttack).toEqual({
      ignore_previous: { cases: 2, utilityUnderAttack: 0.5, asr: 0.5 },
      tool_knowledge: { cases: 2, utilityUnderAttack: 0.5, asr: 0 },
    });
    expect(report.unsolvedTasks).toEqual(['b']);
    expect(report.successfulAttacks).toEqual(['a/leak/ignore_previous']);
  });
});

describe('tables', () => {
  const suite = suiteReport('workspace', results, 2, 1);
  const report: SecurityReport = {
    model: 'simulated:compromised',
    simulated: true,
    defense: 'policy',
    oracleDefense: false,
    attack: 'all',
    overall: { suites: 1, ...summarize(results, 2, 1) },
    suites: [suite],
  };

  it('prints one row per suite and says the model is simulated', () => {
    const text = formatSecurityTable(report);
    expect(text).toContain('Model: simulated:compromised (simulated');
    expect(text).toContain('Defense: policy. Attack: all.');
    expect(text).toMatch(
      /\| workspace \| 2 +\| 1 +\| 4 +\| 50\.0% +\| 50\.0% +\| 25\.0% \| 25\.0% +\| 1 +\| 20\.0 \/ 30\.0 +\| 6 \/ 0 \/ 0 \/ 0 +\|/,
    );
    expect(text).not.toContain('| all');
  });

  it('compares defenses and marks the oracle ones', () => {
    const text = formatDefenseComparison([report, { ...report, defense: 'tool-filter-oracle', oracleDefense: true }]);
    expect(text).toContain('| tool-filter-oracle † |');
    expect(text).toContain('† oracle: reads the task');
    expect(text).toContain('Suites: workspace (2 user tasks, 1 injection tasks, 4 attack cases)');
  });
});

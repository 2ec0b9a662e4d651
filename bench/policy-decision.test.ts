import { describe, expect, it } from 'vitest';
import { benchPolicy, runPolicyDecisionBench } from './policy-decision.js';
import { definePolicy } from '../src/policy/define-policy.js';

describe('policy decision bench', () => {
  it('builds a valid policy of the requested size', () => {
    const policy = definePolicy(benchPolicy(100));
    expect(policy.model.rules).toHaveLength(100);
    expect(policy.warnings).toEqual([]);
  });

  it('reports latency percentiles and a mix of decisions', async () => {
    const result = await runPolicyDecisionBench({ rules: 40, decisions: 2000, batch: 10 });
    expect(result).toMatchObject({ rules: 40, decisions: 2000, batch: 10, historyEntries: 50 });
    expect(result.p50Us).toBeGreaterThan(0);
    expect(result.p99Us).toBeGreaterThanOrEqual(result.p50Us);
    expect(result.decisionCounts.allow).toBeGreaterThan(0);
    expect(result.decisionCounts.deny).toBeGreaterThan(0);
    expect(result.decisionCounts.ask).toBeGreaterThan(0);
  });
});

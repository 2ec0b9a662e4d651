import { describe, expect, it } from 'vitest';
import type { Policy, PolicyContext, ToolAction } from '../policy/policy.js';
import { approvalFreePolicy, type RecordedDecision } from './approval-free-policy.js';

const context: PolicyContext = {
  runId: 'r',
  run: { step: 1, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'a' },
  history: [],
  now: 0,
};
const action = (tool: string): ToolAction => ({
  kind: 'tool',
  tool,
  source: 'local',
  args: { id: 1 },
  toolCallId: 'c',
});

describe('approvalFreePolicy', () => {
  const inner: Policy = {
    decide: (a) =>
      a.kind === 'tool' && a.tool === 'delete_file'
        ? { decision: 'ask', ruleId: 'deletes-need-me' }
        : { decision: 'allow' },
    visibleTools: (tools) => tools.filter((tool) => tool !== 'hidden'),
    labelResult: () => ['untrusted'],
  };

  it('turns ask into a deny the model can read, and records what the policy said', () => {
    const recorded: RecordedDecision[] = [];
    const policy = approvalFreePolicy(inner, (decision) => recorded.push(decision));
    const decision = policy.decide(action('delete_file'), context);
    expect(decision.decision).toBe('deny');
    expect(decision.fallback).toEqual({
      kind: 'respond',
      message: "This call needs the user's approval (rule deletes-need-me), and nobody can give it now. Do without it.",
    });
    expect(policy.decide(action('read_file'), context)).toEqual({ decision: 'allow' });
    expect(recorded).toEqual([
      { tool: 'delete_file', args: { id: 1 }, decision: 'ask', ruleId: 'deletes-need-me' },
      { tool: 'read_file', args: { id: 1 }, decision: 'allow' },
    ]);
  });

  it('keeps the visible tools and result labels of the policy', () => {
    const policy = approvalFreePolicy(inner, () => {});
    expect(policy.visibleTools?.(['a', 'hidden'], context)).toEqual(['a']);
    expect(policy.labelResult?.(action('x'), {}, context)).toEqual(['untrusted']);
  });
});

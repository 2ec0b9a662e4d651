import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { definePolicy } from './define-policy.js';
import { parsePolicy } from './parse-policy.js';
import type { HistoryEntry, ModelGenerateAction } from './policy.js';

const own: ModelGenerateAction = { kind: 'model.generate', model: 'sim:m', purpose: 'act', source: 'run' };
const sampling = (server: string): ModelGenerateAction => ({
  kind: 'model.generate',
  model: 'sim:m',
  purpose: `sampling:${server}`,
  source: `mcp:${server}`,
});
const allowed = (action: ModelGenerateAction): HistoryEntry => ({ action, decision: 'allow', labels: [], time: 0 });

describe('a rule selects model calls by whose request they are (source)', () => {
  it('a deny with source mcp:* refuses servers’ sampling and not the run’s own calls', () => {
    const policy = definePolicy({
      default: 'allow',
      rules: [{ id: 'no-sampling', action: 'model.generate', source: 'mcp:*', deny: true }],
    });
    expect(policy.decide(sampling('shows'), contextWith())).toMatchObject({ decision: 'deny', ruleId: 'no-sampling' });
    expect(policy.decide(own, contextWith()).decision).toBe('allow');
    // A call that names no source is the run's own.
    expect(policy.decide({ kind: 'model.generate', model: 'sim:m' }, contextWith()).decision).toBe('allow');
  });

  it('a limit with a source counts only the calls it selects: the run’s own calls leave it untouched', () => {
    const policy = definePolicy({
      default: 'allow',
      rules: [{ id: 'two-samplings', action: 'model.generate', source: 'mcp:*', limit: { max: 2, per: 'run' } }],
    });
    const history = [allowed(own), allowed(own), allowed(own), allowed(sampling('a'))];
    expect(policy.decide(sampling('b'), contextWith({ history })).decision).toBe('allow');
    expect(policy.decide(own, contextWith({ history: [...history, allowed(sampling('b'))] })).decision).toBe('allow');
    expect(policy.decide(sampling('a'), contextWith({ history: [...history, allowed(sampling('b'))] }))).toMatchObject({
      decision: 'deny',
      ruleId: 'two-samplings',
    });
  });

  it('one server is told apart from another, and the same rule still selects tools of that source', () => {
    const policy = definePolicy({
      default: 'allow',
      rules: [{ id: 'files-server', action: ['tool', 'model.generate'], source: 'mcp:files', deny: true }],
    });
    expect(policy.decide(sampling('files'), contextWith()).decision).toBe('deny');
    expect(policy.decide(sampling('shows'), contextWith()).decision).toBe('allow');
    expect(policy.decide(toolCall('read', {}, { source: 'mcp:files' }), contextWith()).decision).toBe('deny');
    expect(policy.decide(toolCall('read'), contextWith()).decision).toBe('allow');
  });

  it('a source on kinds that have none is refused with what to do, as tool names on model calls are', () => {
    const refused = (rule: string) => () => parsePolicy(`version: 1\nrules:\n  - ${rule}\n`, { file: 'p.yaml' });
    expect(refused('{ id: r, action: spawn, source: "mcp:*", deny: true }')).toThrow(
      /selects by `source`, which tools and model calls have, but its action kinds are neither/,
    );
    expect(refused('{ id: r, action: model.generate, tool: x, deny: true }')).toThrow(/exclude `tool`/);
  });
});

import { describe, expect, it } from 'vitest';
import { contextWith, ran, toolCall } from './_test-context.js';
import { definePolicy } from './define-policy.js';
import type { HistoryEntry, PolicyCounters } from './policy.js';
import type { RuleDefinition } from './policy-definition.js';

function decision(rules: RuleDefinition[], tool: string, history: HistoryEntry[], args: unknown = {}) {
  return definePolicy({ default: 'allow', rules }).decide(toolCall(tool, args), contextWith({ history })).decision;
}

describe('temporal conditions', () => {
  it('never after: no outbound call once a secret was read', () => {
    const rules: RuleDefinition[] = [{ tool: 'http_fetch', deny: { history: { called: 'read_secret' } } }];
    expect(decision(rules, 'http_fetch', [ran('read_email', {}, 'x')])).toBe('allow');
    expect(decision(rules, 'http_fetch', [ran('read_secret', {}, 'x'), ran('read_email', {}, 'x')])).toBe('deny');
  });

  it('only after: a call needs an earlier one', () => {
    const rules: RuleDefinition[] = [{ tool: 'delete_file', deny: { history: { notCalled: 'backup' } } }];
    expect(decision(rules, 'delete_file', [])).toBe('deny');
    expect(decision(rules, 'delete_file', [ran('backup', {}, 'ok')])).toBe('allow');
  });

  it('counts only calls that ran', () => {
    const rules: RuleDefinition[] = [{ tool: 'http_fetch', deny: { history: { called: 'read_secret' } } }];
    const denied: HistoryEntry = { action: toolCall('read_secret'), decision: 'deny', labels: [], time: 0 };
    expect(decision(rules, 'http_fetch', [denied])).toBe('allow');
  });

  it('calledWith matches earlier arguments; globs and sources select calls', () => {
    const rules: RuleDefinition[] = [
      {
        tool: 'send_email',
        deny: { history: { calledWith: { tool: 'read_file', args: { 'args.path': { startsWith: '/secrets/' } } } } },
      },
      { tool: 'post_message', deny: { history: { called: { tool: 'get_*', source: 'mcp:*' } } } },
    ];
    expect(decision(rules, 'send_email', [ran('read_file', { path: '/home/a' }, 'x')])).toBe('allow');
    expect(decision(rules, 'send_email', [ran('read_file', { path: '/secrets/k' }, 'x')])).toBe('deny');
    const mcp: HistoryEntry = { ...ran('get_doc', {}, 'x'), action: toolCall('get_doc', {}, { source: 'mcp:drive' }) };
    expect(decision(rules, 'post_message', [ran('get_doc', {}, 'x')])).toBe('allow');
    expect(decision(rules, 'post_message', [mcp])).toBe('deny');
  });

  it('count compares the number of earlier calls, optionally within a window', () => {
    const rules: RuleDefinition[] = [
      { tool: 'search', deny: { history: { count: { tool: 'search', window: '1s', gte: 2 } } } },
    ];
    const now = contextWith().now;
    expect(
      decision(rules, 'search', [
        ran('search', {}, 'x', undefined, now - 5000),
        ran('search', {}, 'x', undefined, now - 100),
      ]),
    ).toBe('allow');
    expect(
      decision(rules, 'search', [
        ran('search', {}, 'x', undefined, now - 500),
        ran('search', {}, 'x', undefined, now - 100),
      ]),
    ).toBe('deny');
  });

  it('sameCallInARow counts identical tool calls at the end of the history, keys in any order', () => {
    const rules: RuleDefinition[] = [{ tool: '*', deny: { history: { sameCallInARow: { gte: 3 } } } }];
    const same = () => ran('search', { q: 'x', page: 1 }, 'r');
    expect(decision(rules, 'search', [same(), same()], { page: 1, q: 'x' })).toBe('allow');
    expect(decision(rules, 'search', [same(), same(), same()], { page: 1, q: 'x' })).toBe('deny');
    expect(decision(rules, 'search', [same(), same(), same()], { page: 2, q: 'x' })).toBe('allow');
    expect(decision(rules, 'search', [same(), same(), ran('other', {}, 'r'), same()], { page: 1, q: 'x' })).toBe(
      'allow',
    );
  });
});

describe('limits', () => {
  it('per run: counts allowed calls the rule selects', () => {
    const rules: RuleDefinition[] = [{ id: 'delete-rate', tool: 'delete_file', limit: { max: 2, per: 'run' } }];
    const deletes = (n: number) => Array.from({ length: n }, () => ran('delete_file', {}, 'ok'));
    expect(decision(rules, 'delete_file', deletes(1))).toBe('allow');
    expect(decision(rules, 'delete_file', [...deletes(2), ran('read', {}, 'x')])).toBe('deny');
    const denied: HistoryEntry = { action: toolCall('delete_file'), decision: 'deny', labels: [], time: 0 };
    expect(decision(rules, 'delete_file', [ran('delete_file', {}, 'ok'), denied, denied])).toBe('allow');
  });

  it('on an allow rule: allows up to the limit, then denies', () => {
    const policy = definePolicy({ rules: [{ id: 'a', tool: 'x', allow: { 'args.ok': true }, limit: { max: 1 } }] });
    expect(policy.decide(toolCall('x', { ok: true }), contextWith()).decision).toBe('allow');
    const decided = policy.decide(toolCall('x', { ok: true }), contextWith({ history: [ran('x', {}, 'r')] }));
    expect(decided).toMatchObject({
      decision: 'deny',
      ruleId: 'a',
      reason: expect.stringContaining('limit of 1 per run'),
    });
    expect(policy.decide(toolCall('x', { ok: false }), contextWith()).decision).toBe('deny');
  });

  it('per principal: reads and increments the kernel counters, only when allowed', () => {
    const counts = new Map<string, number>();
    const counters: PolicyCounters = {
      get: (key) => counts.get(key) ?? 0,
      increment: (key) => counts.set(key, (counts.get(key) ?? 0) + 1),
    };
    const policy = definePolicy({
      name: 'p',
      default: 'allow',
      rules: [
        { id: 'daily-mail', tool: 'send_email', limit: { max: 2, per: 'principal', window: '1d' } },
        { id: 'no-spam', tool: 'send_email', deny: { 'args.to': 'spam@x' } },
      ],
    });
    const context = contextWith({ principal: { id: 'alice' }, counters });
    expect(policy.decide(toolCall('send_email', { to: 'spam@x' }), context).decision).toBe('deny');
    expect(counts.get('limit:p:daily-mail:principal:alice')).toBeUndefined();
    expect(policy.evaluate(toolCall('send_email', { to: 'a' }), context).decision.decision).toBe('allow');
    expect(counts.size).toBe(0);
    expect(policy.decide(toolCall('send_email', { to: 'a' }), context).decision).toBe('allow');
    expect(policy.decide(toolCall('send_email', { to: 'a' }), context).decision).toBe('allow');
    expect(policy.decide(toolCall('send_email', { to: 'a' }), context).decision).toBe('deny');
    expect(counts.get('limit:p:daily-mail:principal:alice')).toBe(2);
    const noPrincipal = policy.decide(toolCall('send_email', { to: 'a' }), contextWith({ counters }));
    expect(noPrincipal.reason).toContain('the run has no principal');
    expect(
      policy.decide(toolCall('send_email', { to: 'a' }), contextWith({ principal: { id: 'bob' } })).reason,
    ).toContain('no counters');
  });
});

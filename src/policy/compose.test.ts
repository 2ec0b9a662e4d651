import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { callHash } from './call-hash.js';
import { definePolicy } from './define-policy.js';
import { intersectPolicies } from './intersect-policies.js';
import { narrowPolicy } from './narrow-policy.js';
import { allowAll, type PolicyCounters } from './policy.js';
import { PolicyError } from './policy-error.js';
import { PolicyNarrowingError } from './policy-narrowing-error.js';

const base = definePolicy({
  default: 'deny',
  labels: { untrusted: ['read_email'] },
  rules: [
    { id: 'read', tool: ['read_email', 'read_file'], allow: true },
    { id: 'mail', tool: 'send_email', allow: { 'args.to': { endsWith: '@acme.example' } } },
    { id: 'big', tool: 'pay', ask: true },
    { id: 'never', tool: 'shell', deny: true },
  ],
});

describe('intersectPolicies', () => {
  const child = definePolicy({
    default: 'allow',
    labels: { internal: ['read_file'] },
    rules: [{ id: 'child-no-files', tool: 'read_file', deny: { 'args.path': { startsWith: '/etc' } } }],
  });
  const both = intersectPolicies(base, child);
  const context = contextWith();

  it('allows only what both allow, and takes the stricter decision', () => {
    expect(both.decide(toolCall('read_email'), context)).toMatchObject({ decision: 'allow', ruleId: 'read' });
    expect(both.decide(toolCall('read_file', { path: '/etc/passwd' }), context)).toMatchObject({
      decision: 'deny',
      ruleId: 'child-no-files',
    });
    expect(both.decide(toolCall('other'), context).decision).toBe('deny');
    expect(both.decide(toolCall('pay'), context)).toMatchObject({ decision: 'ask', ruleId: 'big' });
    expect(intersectPolicies(allowAll, base).decide(toolCall('shell'), context).decision).toBe('deny');
  });

  it('shows tools both show and labels with both', () => {
    const roles = definePolicy({ default: 'allow', roles: { r: { tools: ['read_*'] } } });
    const shown = intersectPolicies(
      roles,
      definePolicy({ default: 'allow', roles: { s: { tools: ['read_email', 'x'] } } }),
    );
    const principal = { id: 'u', roles: ['r', 's'] };
    expect(shown.visibleTools(['read_email', 'read_file', 'x'], contextWith({ principal }))).toEqual(['read_email']);
    expect(both.labelResult(toolCall('read_file'), 'x', context)).toEqual(['source:read_file', 'internal']);
    expect(both.labelResult(toolCall('read_email'), 'x', context)).toEqual(['source:read_email', 'untrusted']);
  });

  it('commits shared counters only when both allow', () => {
    const counts = new Map<string, number>();
    const counters: PolicyCounters = {
      get: (key) => counts.get(key) ?? 0,
      increment: (key) => counts.set(key, (counts.get(key) ?? 0) + 1),
    };
    const limited = definePolicy({
      name: 'l',
      default: 'allow',
      rules: [{ id: 'cap', tool: '*', limit: { max: 5, per: 'tenant' } }],
    });
    const combined = intersectPolicies(limited, base);
    const tenantContext = contextWith({ principal: { id: 'u', tenant: 't' }, counters });
    expect(combined.decide(toolCall('shell'), tenantContext).decision).toBe('deny');
    expect(counts.size).toBe(0);
    expect(combined.decide(toolCall('read_file'), tenantContext).decision).toBe('allow');
    expect(counts.get('limit:l:cap:tenant:t')).toBe(1);
  });
});

describe('narrowPolicy', () => {
  const context = contextWith();

  it('restricts the base to the task’s tools and constraints', () => {
    const task = narrowPolicy(base, {
      tools: ['read_email', 'send_email'],
      rules: [{ tool: 'send_email', allow: { 'args.to': 'bob@acme.example' } }],
    });
    expect(task.decide(toolCall('read_email'), context).decision).toBe('allow');
    expect(task.decide(toolCall('read_file'), context)).toMatchObject({ decision: 'deny', ruleId: 'task' });
    expect(task.decide(toolCall('send_email', { to: 'bob@acme.example' }), context).decision).toBe('allow');
    expect(task.decide(toolCall('send_email', { to: 'carol@acme.example' }), context).decision).toBe('deny');
    expect(task.visibleTools(['read_email', 'read_file', 'send_email', 'pay'], context)).toEqual([
      'read_email',
      'send_email',
    ]);
  });

  it('never widens: what the base denies stays denied', () => {
    const task = narrowPolicy(base, { tools: ['send_email'], rules: [{ tool: 'send_email', allow: true }] });
    expect(task.decide(toolCall('send_email', { to: 'eve@evil.example' }), context).decision).toBe('deny');
  });

  it('rejects a proposal naming tools the base never allows', () => {
    expect(() => narrowPolicy(base, { tools: ['read_email', 'shell', 'delete_everything'] })).toThrow(
      PolicyNarrowingError,
    );
    try {
      narrowPolicy(base, { tools: ['shell'] });
    } catch (error) {
      expect((error as PolicyNarrowingError).tools).toEqual(['shell']);
      expect((error as PolicyNarrowingError).code).toBe('POLICY_NARROWING_REJECTED');
    }
    expect(() => narrowPolicy(base, { tools: ['sh*'] }, { tools: ['shell', 'read_email'] })).toThrow(
      PolicyNarrowingError,
    );
    expect(() => narrowPolicy(base, { tools: ['read_*'] }, { tools: ['read_email'] })).not.toThrow();
  });

  it('reads YAML proposals and validates them like policies', () => {
    const task = narrowPolicy(base, 'tools: [read_email]\nreason: only reading\n');
    expect(task.decide(toolCall('read_email'), context).decision).toBe('allow');
    expect(() => narrowPolicy(base, 'tools: [read_email]\nrules:\n  - { tool: send_email, allow: true }\n')).toThrow(
      /not in the task's tools/,
    );
    expect(() => narrowPolicy(base, 'tools: [read_email]\nrulez: []\n')).toThrow(PolicyError);
    expect(() =>
      narrowPolicy(base, {
        tools: ['read_email'],
        rules: [{ tool: 'read_email', deny: { 'args.x': { gtt: 1 } } }],
      } as never),
    ).toThrow(/did you mean `gt`/);
  });
});

describe('callHash', () => {
  it('is the same for the same call whatever the key order, and differs otherwise', () => {
    const hash = callHash('send_email', { to: 'a', meta: { x: 1, y: [1, 2] } });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(callHash('send_email', { meta: { y: [1, 2], x: 1 }, to: 'a' })).toBe(hash);
    expect(callHash('send_email', { to: 'a', meta: { x: 1, y: [2, 1] } })).not.toBe(hash);
    expect(callHash('post_message', { to: 'a', meta: { x: 1, y: [1, 2] } })).not.toBe(hash);
    expect(callHash('t', { a: undefined })).toBe(callHash('t', {}));
  });
});

import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { definePolicy } from './define-policy.js';
import { intersectPolicies } from './intersect-policies.js';

const policy = definePolicy({
  name: 'p',
  default: 'allow',
  rules: [
    { id: 'daily', tool: 'send_email', limit: { max: 2, per: 'principal', window: '1d' } },
    { id: 'org', tool: ['send_email', 'post'], limit: { max: 50, per: 'tenant' } },
    { id: 'per-run', tool: 'send_email', limit: { max: 9, per: 'run' } },
    { id: 'big', tool: 'send_email', allow: { 'args.size': { gt: 10 } }, limit: { max: 1, per: 'principal' } },
  ],
});

describe('sharedLimits: the counters an action could touch', () => {
  it('names each per-principal and per-tenant limit of the rules that select the action, with max and window', () => {
    const context = contextWith({ principal: { id: 'alice', tenant: 'acme' } });
    expect(policy.sharedLimits(toolCall('send_email'), context)).toEqual([
      { key: 'limit:p:daily:principal:alice', max: 2, windowMs: 86_400_000 },
      { key: 'limit:p:org:tenant:acme', max: 50 },
      { key: 'limit:p:big:principal:alice', max: 1 },
    ]);
    expect(policy.sharedLimits(toolCall('post'), context)).toEqual([{ key: 'limit:p:org:tenant:acme', max: 50 }]);
    expect(policy.sharedLimits(toolCall('read'), context)).toEqual([]);
  });

  it('keys of a principal and of a tenant with the same id never collide', () => {
    const keys = policy
      .sharedLimits(toolCall('send_email'), contextWith({ principal: { id: 'acme', tenant: 'acme' } }))
      .map((limit) => limit.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('limit:p:daily:principal:acme');
    expect(keys).toContain('limit:p:org:tenant:acme');
  });

  it('leaves out limits the run has no owner for (decide denies those itself)', () => {
    expect(policy.sharedLimits(toolCall('send_email'), contextWith({ principal: { id: 'bob' } }))).toEqual([
      { key: 'limit:p:daily:principal:bob', max: 2, windowMs: 86_400_000 },
      { key: 'limit:p:big:principal:bob', max: 1 },
    ]);
    expect(policy.sharedLimits(toolCall('send_email'), contextWith())).toEqual([]);
  });

  it('an intersection names the limits of both policies once', () => {
    const child = definePolicy({
      name: 'c',
      default: 'allow',
      rules: [{ id: 'mine', tool: 'post', limit: { max: 3, per: 'principal' } }],
    });
    const both = intersectPolicies(policy, child);
    const context = contextWith({ principal: { id: 'alice', tenant: 'acme' } });
    expect(both.sharedLimits(toolCall('post'), context)).toEqual([
      { key: 'limit:p:org:tenant:acme', max: 50 },
      { key: 'limit:c:mine:principal:alice', max: 3 },
    ]);
    expect(intersectPolicies(policy, policy).sharedLimits(toolCall('post'), context)).toHaveLength(1);
  });
});

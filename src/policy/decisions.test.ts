// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` is policy template syntax, not a mistaken JS template.
import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { definePolicy } from './define-policy.js';
import type { Action, PolicyContext } from './policy.js';

describe('decision order', () => {
  const policy = definePolicy({
    default: 'deny',
    rules: [
      { id: 'allow-x', tool: 'x', allow: true },
      { id: 'ask-big', tool: 'x', ask: { 'args.n': { gt: 10 } } },
      { id: 'deny-huge', tool: 'x', deny: { 'args.n': { gt: 100 } } },
      { id: 'override', tool: 'x', priority: 5, allow: { 'args.admin': true } },
    ],
  });
  const decide = (args: unknown) => policy.decide(toolCall('x', args), contextWith());

  it('deny beats ask beats allow', () => {
    expect(decide({ n: 1 })).toMatchObject({ decision: 'allow', ruleId: 'allow-x' });
    expect(decide({ n: 11 })).toMatchObject({ decision: 'ask', ruleId: 'ask-big' });
    expect(decide({ n: 101 })).toMatchObject({ decision: 'deny', ruleId: 'deny-huge' });
  });

  it('a higher priority decides first', () => {
    expect(decide({ n: 101, admin: true })).toMatchObject({ decision: 'allow', ruleId: 'override' });
  });

  it('applies the default to what no rule allows, per action kind', () => {
    expect(policy.decide(toolCall('y'), contextWith())).toMatchObject({
      decision: 'deny',
      reason: 'No rule allows tool "y".',
    });
    const spawn: Action = { kind: 'spawn', agent: 'helper', tools: [], input: 'hi' };
    expect(policy.decide(spawn, contextWith()).decision).toBe('allow');
    const strict = definePolicy({ default: { tool: 'allow', spawn: 'deny', 'model.generate': 'ask' } });
    expect(strict.decide(toolCall('y'), contextWith()).decision).toBe('allow');
    expect(strict.decide(spawn, contextWith()).decision).toBe('deny');
    expect(strict.decide({ kind: 'model.generate', model: 'm' }, contextWith()).decision).toBe('ask');
  });

  it('selects actions by kind, source and read-only flag', () => {
    const selective = definePolicy({
      default: 'allow',
      rules: [
        { id: 'no-mcp-writes', source: 'mcp:*', readOnly: false, deny: true },
        { id: 'small-memory', action: 'memory.write', deny: { 'args.value': { length: { gt: 10 } } } },
        { id: 'no-children', action: 'spawn', deny: { 'args.tools': { contains: 'shell' } } },
      ],
    });
    const context = contextWith();
    expect(selective.decide(toolCall('w', {}, { source: 'mcp:fs' }), context).decision).toBe('deny');
    expect(selective.decide(toolCall('r', {}, { source: 'mcp:fs', readOnly: true }), context).decision).toBe('allow');
    expect(selective.decide(toolCall('w'), context).decision).toBe('allow');
    expect(selective.decide({ kind: 'memory.write', key: 'k', value: 'x'.repeat(11) }, context).decision).toBe('deny');
    expect(selective.decide({ kind: 'spawn', agent: 'a', tools: ['shell'], input: '' }, context).decision).toBe('deny');
  });
});

describe('evaluation failures resolve towards deny', () => {
  it('an allow rule that cannot be evaluated does not grant, and says why', () => {
    const policy = definePolicy({ rules: [{ id: 'small', tool: 'pay', allow: { 'args.amount': { lt: 100 } } }] });
    const decision = policy.decide(toolCall('pay', { amount: '50' }), contextWith());
    expect(decision.decision).toBe('deny');
    expect(decision.reason).toContain(
      'Rule "small" could not be evaluated (args.amount is a string; lt compares numbers)',
    );
  });

  it('a deny or ask rule that cannot be evaluated denies', () => {
    const policy = definePolicy({
      default: 'allow',
      rules: [
        { id: 'big', tool: 'pay', ask: { 'args.amount': { gt: 1000 } } },
        { id: 'known', tool: 'wire', deny: { 'args.iban': { notIn: '${principal.known}' } } },
      ],
    });
    expect(policy.decide(toolCall('pay', {}), contextWith())).toMatchObject({
      decision: 'deny',
      ruleId: 'big',
      reason: 'Denied by rule "big": could not be evaluated (args.amount is missing).',
    });
    expect(policy.decide(toolCall('wire', { iban: 'X' }), contextWith()).reason).toContain(
      '${principal.known} does not resolve',
    );
  });

  it('never throws, whatever it is given', () => {
    const policy = definePolicy({
      labels: { untrusted: ['read'] },
      rules: [
        { tool: '*', deny: { history: { sameCallInARow: 2 } } },
        { tool: '*', deny: { 'args.a': { derivedFrom: 'untrusted' } } },
        { tool: '*', allow: { 'args.a.b': { matches: 'x' } } },
      ],
    });
    const hostile = {
      get a(): never {
        throw new Error('boom');
      },
    };
    const decision = policy.decide(toolCall('t', hostile), contextWith());
    expect(decision).toMatchObject({ decision: 'deny', reason: expect.stringContaining('boom') });
    const broken = { runId: 'r', history: null } as unknown as PolicyContext;
    expect(policy.decide(toolCall('t', {}), broken).decision).toBe('deny');
    expect(policy.decide(null as unknown as Action, contextWith()).decision).toBe('deny');
    const cyclic: Record<string, unknown> = { a: 'x' };
    cyclic.self = cyclic;
    expect(() => policy.decide(toolCall('t', cyclic), contextWith())).not.toThrow();
  });
});

describe('fallbacks', () => {
  const policy = definePolicy({
    default: 'allow',
    rules: [
      { id: 'plain', tool: 'a', deny: true },
      { id: 'stop', tool: 'b', deny: true, fallback: { halt: 'Stopping: b is forbidden.' } },
      // biome-ignore lint/suspicious/noThenProperty: `then: ask` is fallback syntax; the object is never awaited
      { id: 'approve', tool: 'c', deny: true, fallback: { respond: 'Needs approval.', then: 'ask' } },
      {
        id: 'redact',
        tool: 'send_email',
        deny: { 'args.body': { contains: 'password' } },
        fallback: {
          substitute: { tool: 'send_email', args: { to: '${args.to}', body: '[redacted for ${principal.id}]' } },
        },
      },
    ],
  });
  const context = contextWith({ principal: { id: 'alice' } });

  it('responds with the reason by default', () => {
    expect(policy.decide(toolCall('a'), context).fallback).toEqual({
      kind: 'respond',
      message: 'Denied by rule "plain": always.',
    });
  });

  it('halts, asks, or substitutes a call with templates filled in', () => {
    expect(policy.decide(toolCall('b'), context).fallback).toEqual({
      kind: 'halt',
      message: 'Stopping: b is forbidden.',
    });
    expect(policy.decide(toolCall('c'), context).fallback).toEqual({ kind: 'ask', message: 'Needs approval.' });
    expect(policy.decide(toolCall('send_email', { to: 'bob', body: 'the password is x' }), context).fallback).toEqual({
      kind: 'substitute',
      tool: 'send_email',
      args: { to: 'bob', body: '[redacted for alice]' },
    });
  });

  it('falls back to responding when a substitute cannot be built', () => {
    const fallback = policy.decide(toolCall('send_email', { body: 'password' }), context).fallback;
    expect(fallback).toMatchObject({
      kind: 'respond',
      message: expect.stringContaining('${args.to} does not resolve'),
    });
  });
});

describe('roles', () => {
  const policy = definePolicy({
    default: 'deny',
    roles: {
      viewer: { tools: ['read_*', 'search_*'] },
      clerk: { extends: 'viewer', tools: ['send_email'] },
    },
    rules: [
      { id: 'inside', tool: 'send_email', allow: { 'args.to': { endsWith: '@acme.example' } } },
      { id: 'no-secrets', tool: 'read_*', deny: { 'args.path': { startsWith: '/secrets' } } },
      { id: 'pay', tool: 'transfer', allow: true },
    ],
  });
  const as = (roles?: string[]): PolicyContext => contextWith({ principal: { id: 'u', ...(roles && { roles }) } });

  it('grant their tools, inherited ones included, unless a rule denies', () => {
    expect(policy.decide(toolCall('read_file', { path: '/a' }), as(['clerk']))).toMatchObject({
      decision: 'allow',
      ruleId: 'role:clerk',
    });
    expect(policy.decide(toolCall('read_file', { path: '/secrets/k' }), as(['clerk'])).decision).toBe('deny');
  });

  it('are constrained by the allow rules of a tool', () => {
    expect(policy.decide(toolCall('send_email', { to: 'b@acme.example' }), as(['clerk'])).decision).toBe('allow');
    expect(policy.decide(toolCall('send_email', { to: 'e@evil.example' }), as(['clerk'])).decision).toBe('deny');
  });

  it('bound which tools exist for a principal with roles', () => {
    expect(policy.decide(toolCall('transfer'), as(['clerk']))).toMatchObject({ decision: 'deny', ruleId: 'roles' });
    expect(policy.decide(toolCall('send_email', { to: 'b@acme.example' }), as(['viewer'])).decision).toBe('deny');
    expect(policy.decide(toolCall('read_file', { path: '/a' }), as(['ghost'])).decision).toBe('deny');
    expect(policy.decide(toolCall('transfer'), as()).decision).toBe('allow');
  });

  it('decide which tools are visible', () => {
    const tools = ['read_file', 'search_web', 'send_email', 'transfer'];
    expect(policy.visibleTools(tools, as(['viewer']))).toEqual(['read_file', 'search_web']);
    expect(policy.visibleTools(tools, as(['clerk', 'ghost']))).toEqual(['read_file', 'search_web', 'send_email']);
    expect(policy.visibleTools(tools, as())).toEqual(tools);
  });
});

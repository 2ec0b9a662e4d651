// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` is policy template syntax, not a mistaken JS template.
import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { definePolicy } from './define-policy.js';
import type { PolicyContext } from './policy.js';
import type { ConditionBlock } from './policy-definition.js';

/** `true` when a deny rule with this condition fires, `false` when it does not; an unevaluable one denies too. */
function fires(condition: ConditionBlock, args: unknown, context: PolicyContext = contextWith()): boolean | 'unknown' {
  const policy = definePolicy({ default: 'allow', rules: [{ id: 'probe', tool: 'probe', deny: condition }] });
  const decision = policy.decide(toolCall('probe', args), context);
  if (decision.decision === 'allow') return false;
  return decision.reason?.includes('could not be evaluated') ? 'unknown' : true;
}

describe('operators', () => {
  it('eq and ne compare deeply; a scalar is shorthand for eq', () => {
    expect(fires({ 'args.a': 'x' }, { a: 'x' })).toBe(true);
    expect(fires({ 'args.a': { eq: { b: [1, 2] } } }, { a: { b: [1, 2] } })).toBe(true);
    expect(fires({ 'args.a': { eq: { b: [1, 2] } } }, { a: { b: [2, 1] } })).toBe(false);
    expect(fires({ 'args.a': { eq: 5 } }, { a: '5' })).toBe(false);
    expect(fires({ 'args.a': { ne: 'x' } }, { a: 'y' })).toBe(true);
    expect(fires({ 'args.a': { ne: 'x' } }, {})).toBe('unknown');
  });

  it('in and notIn test membership; for a list value every element must be in', () => {
    expect(fires({ 'args.to': { in: ['a', 'b'] } }, { to: 'a' })).toBe(true);
    expect(fires({ 'args.to': { in: ['a', 'b'] } }, { to: ['a', 'b'] })).toBe(true);
    expect(fires({ 'args.to': { in: ['a', 'b'] } }, { to: ['a', 'c'] })).toBe(false);
    expect(fires({ 'args.to': { notIn: ['a', 'b'] } }, { to: ['a', 'c'] })).toBe(true);
    expect(fires({ 'args.to': { notIn: ['a', 'b'] } }, { to: 'b' })).toBe(false);
    expect(fires({ 'args.to': { in: [{ id: 1 }] } }, { to: { id: 1 } })).toBe(true);
  });

  it('gt, gte, lt, lte compare numbers and refuse other types', () => {
    expect(fires({ 'args.n': { gt: 10 } }, { n: 11 })).toBe(true);
    expect(fires({ 'args.n': { gt: 10 } }, { n: 10 })).toBe(false);
    expect(fires({ 'args.n': { gte: 10 } }, { n: 10 })).toBe(true);
    expect(fires({ 'args.n': { lt: 10 } }, { n: 9.5 })).toBe(true);
    expect(fires({ 'args.n': { lte: 10 } }, { n: 11 })).toBe(false);
    expect(fires({ 'args.n': { gt: 10 } }, { n: '11' })).toBe('unknown');
    expect(fires({ 'args.n': { gt: 10 } }, {})).toBe('unknown');
  });

  it('matches, startsWith, endsWith, contains', () => {
    expect(fires({ 'args.to': { matches: '@acme\\.example$' } }, { to: 'bob@acme.example' })).toBe(true);
    expect(fires({ 'args.to': { matches: { pattern: '^BOB', flags: 'i' } } }, { to: 'bob@x' })).toBe(true);
    expect(fires({ 'args.to': { matches: '@acme\\.example$' } }, { to: 'bob@acme.example.evil' })).toBe(false);
    expect(fires({ 'args.to': { matches: 'a' } }, { to: ['a'] })).toBe('unknown');
    expect(fires({ 'args.p': { startsWith: '/tmp/' } }, { p: '/tmp/x' })).toBe(true);
    expect(fires({ 'args.p': { endsWith: '.pem' } }, { p: '/k.pem' })).toBe(true);
    expect(fires({ 'args.p': { contains: 'secret' } }, { p: 'my-secret-file' })).toBe(true);
    expect(fires({ 'args.tags': { contains: 'x' } }, { tags: ['y', 'x'] })).toBe(true);
    expect(fires({ 'args.tags': { contains: 'x' } }, { tags: ['y'] })).toBe(false);
    expect(fires({ 'args.p': { contains: 'x' } }, { p: 3 })).toBe('unknown');
  });

  it('within resolves .. before comparing directories', () => {
    expect(fires({ 'args.p': { within: '/shared' } }, { p: '/shared/a/b.txt' })).toBe(true);
    expect(fires({ 'args.p': { within: '/shared/' } }, { p: '/shared/../etc/passwd' })).toBe(false);
    expect(fires({ 'args.p': { within: '/shared' } }, { p: '/sharedother/x' })).toBe(false);
    expect(fires({ 'args.p': { within: '/shared' } }, { p: 'relative/x' })).toBe('unknown');
  });

  it('length, schema, exists', () => {
    expect(fires({ 'args.body': { length: { gt: 5 } } }, { body: 'abcdef' })).toBe(true);
    expect(fires({ 'args.to': { length: 2 } }, { to: ['a', 'b'] })).toBe(true);
    expect(fires({ 'args.to': { length: 2 } }, { to: 2 })).toBe('unknown');
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
    expect(fires({ args: { not: { schema } } }, { id: 'x' })).toBe(true);
    expect(fires({ args: { not: { schema } } }, { id: 3 })).toBe(false);
    expect(fires({ 'args.cc': { exists: true } }, { cc: 'x' })).toBe(true);
    expect(fires({ 'args.cc': { exists: false } }, {})).toBe(true);
  });

  it('every and some quantify over lists', () => {
    expect(
      fires({ 'args.to': { some: { endsWith: '@evil.example' } } }, { to: ['a@acme.example', 'b@evil.example'] }),
    ).toBe(true);
    expect(
      fires({ 'args.to': { every: { endsWith: '@acme.example' } } }, { to: ['a@acme.example', 'b@evil.example'] }),
    ).toBe(false);
    expect(fires({ 'args.to': { every: { endsWith: '@acme.example' } } }, { to: 'a@acme.example' })).toBe('unknown');
  });

  it('all, any and not combine in three-valued logic', () => {
    expect(fires({ any: [{ 'args.a': 1 }, { 'args.b': 2 }] }, { b: 2 })).toBe(true);
    expect(fires({ all: [{ 'args.a': 1 }, { 'args.b': 2 }] }, { a: 1, b: 3 })).toBe(false);
    expect(fires({ not: { 'args.a': 1 } }, { a: 2 })).toBe(true);
    expect(fires({ 'args.a': { not: { in: [1, 2] } } }, { a: 3 })).toBe(true);
    // unknown AND false is false: whatever args.n were, the rule could not hold
    expect(fires({ 'args.n': { gt: 1 }, 'args.a': 'never' }, { a: 'x' })).toBe(false);
    // unknown OR false is unknown: the deny rule cannot be ruled out, so it denies
    expect(fires({ any: [{ 'args.n': { gt: 1 } }, { 'args.a': 'never' }] }, { a: 'x' })).toBe('unknown');
    expect(fires({ not: { 'args.n': { gt: 1 } } }, {})).toBe('unknown');
  });

  it('reads nested paths, array indexes and quoted keys', () => {
    expect(fires({ 'args.items[1].name': 'b' }, { items: [{ name: 'a' }, { name: 'b' }] })).toBe(true);
    expect(fires({ 'args.items.0.name': 'a' }, { items: [{ name: 'a' }] })).toBe(true);
    expect(fires({ 'args["a.b"]': 1 }, { 'a.b': 1 })).toBe(true);
    expect(fires({ 'args.items[5].name': 'a' }, { items: [] })).toBe('unknown');
    expect(fires({ 'args.constructor': { exists: true } }, {})).toBe(false);
    expect(fires({ args: { a: 1, b: 2 } }, { a: 1, b: 2 })).toBe(true);
  });

  it('reads principal, run and context, with templates resolved per decision', () => {
    const principal = { id: 'alice', roles: ['clerk'], tenant: 'acme', attributes: { limit: 500, team: ['bob'] } };
    const context = contextWith({ principal });
    expect(fires({ 'principal.tenant': 'acme' }, {}, context)).toBe(true);
    expect(fires({ 'principal.roles': { contains: 'clerk' } }, {}, context)).toBe(true);
    expect(fires({ 'principal.team': { contains: 'bob' } }, {}, context)).toBe(true);
    expect(fires({ 'args.amount': { gt: '${principal.limit}' } }, { amount: 501 }, context)).toBe(true);
    expect(fires({ 'args.amount': { gt: '${principal.limit}' } }, { amount: 499 }, context)).toBe(false);
    expect(fires({ 'args.to': { notIn: '${principal.team}' } }, { to: 'eve' }, context)).toBe(true);
    expect(fires({ 'args.path': { startsWith: '/home/${principal.id}/' } }, { path: '/home/alice/x' }, context)).toBe(
      true,
    );
    expect(fires({ 'args.text': 'cost: $${run.step}' }, { text: 'cost: ${run.step}' }, context)).toBe(true);
    expect(fires({ 'args.amount': { gt: '${principal.limit}' } }, { amount: 501 })).toBe('unknown');
    expect(fires({ 'run.step': { gte: 3 }, 'run.cost': { lt: 1 }, 'run.id': 'run_1' }, {})).toBe(true);
    expect(fires({ 'context.tainted': false }, {})).toBe(true);
  });
});

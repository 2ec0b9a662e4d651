// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` is policy template syntax, not a mistaken JS template.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definePolicy } from './define-policy.js';
import { parsePolicy } from './parse-policy.js';
import type { Action, HistoryEntry, PolicyContext } from './policy.js';
import type { PolicyDefinition, RuleDefinition } from './policy-definition.js';
import { PolicyError } from './policy-error.js';

const tools = ['read_email', 'send_email', 'pay', 'search'];
const paths = [
  'args',
  'args.a',
  'args.b',
  'args.a.b',
  'args.list[0]',
  'principal.tenant',
  'principal.limit',
  'run.step',
  'context.tainted',
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('mallory@evil.example', 'https://x.example/a', '/srv/keys/k.pem'),
);
const operand = fc.oneof(text, fc.integer({ min: -5, max: 2000 }), fc.boolean(), fc.constant(null));

const valueCondition: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    operand,
    fc.record({ eq: operand }),
    fc.record({ ne: operand }),
    fc.record({ in: fc.array(operand, { maxLength: 3 }) }),
    fc.record({ notIn: fc.oneof(fc.array(operand, { maxLength: 3 }), fc.constant('${principal.list}')) }),
    fc.record({ gt: fc.oneof(fc.integer(), fc.constant('${principal.limit}')) }),
    fc.record({ lte: fc.integer() }),
    fc.record({ matches: fc.constantFrom('^a', 'b$', '[0-9]+', '@evil\\.example') }),
    fc.record({ startsWith: text }),
    fc.record({ contains: operand }),
    fc.record({ within: fc.constantFrom('/srv', '/tmp/') }),
    fc.record({ length: fc.oneof(fc.nat(5), fc.record({ gt: fc.nat(5) })) }),
    fc.record({ derivedFrom: fc.constantFrom('untrusted', 'source:read_email') }),
    fc.record({ exists: fc.boolean() }),
    fc.record({ schema: fc.constant({ type: 'string', maxLength: 5 }) }),
    fc.record({ not: tie('value') }),
    fc.record({ some: tie('value') }),
    fc.record({ any: fc.array(tie('value'), { minLength: 1, maxLength: 2 }) }),
  ),
})).value;

const condition: fc.Arbitrary<unknown> = fc.letrec<{ block: unknown }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(true),
    fc.dictionary(fc.constantFrom(...paths), valueCondition, { minKeys: 1, maxKeys: 3 }),
    fc.record({
      history: fc.oneof(
        fc.record({ called: fc.constantFrom(...tools) }),
        fc.record({ sameCallInARow: fc.nat(3) }),
        fc.record({ count: fc.record({ tool: fc.constantFrom(...tools), gte: fc.nat(3) }) }),
      ),
    }),
    fc.record({ any: fc.array(tie('block'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ not: tie('block') }),
  ),
})).block;

const rule: fc.Arbitrary<RuleDefinition> = fc
  .tuple(
    fc.constantFrom<'allow' | 'deny' | 'ask'>('allow', 'deny', 'ask'),
    fc.constantFrom(...tools, '*', 'read_*'),
    condition,
    fc.boolean(),
  )
  .map(([effect, tool, when, limited]) => ({
    tool,
    [effect]: when,
    ...(limited && effect === 'allow' ? { limit: { max: 2 } } : {}),
  }));

const policyDefinition: fc.Arbitrary<PolicyDefinition> = fc.record({
  default: fc.constantFrom<'allow' | 'deny' | 'ask'>('allow', 'deny', 'ask'),
  labels: fc.constant({ untrusted: ['read_email'] }),
  rules: fc.array(rule, { maxLength: 6 }),
});

const args = fc.oneof(
  fc.anything(),
  fc.record(
    { a: fc.oneof(operand, fc.anything()), b: operand, list: fc.array(operand, { maxLength: 2 }) },
    { requiredKeys: [] },
  ),
);

const toolAction: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant('tool' as const),
  tool: fc.constantFrom(...tools, 'other'),
  source: fc.constantFrom('local', 'mcp:x'),
  args,
  toolCallId: fc.constant('c'),
});

const action: fc.Arbitrary<Action> = fc.oneof(
  toolAction,
  fc.record({
    kind: fc.constant('spawn' as const),
    agent: fc.string(),
    tools: fc.array(fc.string(), { maxLength: 2 }),
    input: fc.string(),
  }),
  fc.record({ kind: fc.constant('memory.write' as const), key: fc.string(), value: fc.anything() }),
);

const entry: fc.Arbitrary<HistoryEntry> = fc.record({
  action: action,
  decision: fc.constantFrom<'allow' | 'deny' | 'ask'>('allow', 'deny', 'ask'),
  output: fc.oneof(fc.constant(undefined), text, fc.anything()),
  labels: fc.subarray(['untrusted', 'source:read_email', 'other']),
  time: fc.integer({ min: 0, max: 2000 }),
});

const context: fc.Arbitrary<PolicyContext> = fc.record({
  runId: fc.constant('run'),
  principal: fc.option(
    fc.record({
      id: fc.string(),
      tenant: fc.option(fc.string(), { nil: undefined }),
      attributes: fc.record({ limit: fc.anything(), list: fc.anything() }),
    }),
    { nil: undefined },
  ),
  run: fc.record({
    step: fc.nat(50),
    costUsd: fc.double({ noNaN: true }),
    tokens: fc.nat(),
    elapsedMs: fc.nat(),
    agent: fc.constant('a'),
  }),
  history: fc.array(entry, { maxLength: 6 }),
  now: fc.constant(1000),
});

function compileOrPolicyError(build: () => unknown): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
  }
}

describe('parser robustness', () => {
  it('turns arbitrary text into a policy or a PolicyError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => compileOrPolicyError(() => parsePolicy(input))),
      { numRuns: 300 },
    );
  });

  it('turns arbitrary values into a policy or a PolicyError', () => {
    const keys = fc.constantFrom(
      'version',
      'default',
      'rules',
      'roles',
      'labels',
      'rule',
      'tool',
      'allow',
      'deny',
      'ask',
      'limit',
      'fallback',
      'args.a',
      'history',
      'priority',
      'extends',
      'tools',
    );
    const shaped = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.anything(),
        fc.dictionary(keys, tie('node'), { maxKeys: 4 }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.oneof(shaped, policyDefinition), (value) =>
        compileOrPolicyError(() => definePolicy(value as PolicyDefinition)),
      ),
      { numRuns: 500 },
    );
  });

  it('parses YAML of generated policies, mutated or not, into a policy or a PolicyError', () => {
    const mutated = fc
      .tuple(policyDefinition, fc.nat(), fc.string({ maxLength: 3 }))
      .map(([definition, at, insert]) => {
        const yaml = stringify(definition);
        const position = yaml.length === 0 ? 0 : at % yaml.length;
        return yaml.slice(0, position) + insert + yaml.slice(position);
      });
    fc.assert(
      fc.property(mutated, (yaml) => compileOrPolicyError(() => parsePolicy(yaml))),
      { numRuns: 300 },
    );
  });
});

describe('decision robustness', () => {
  it('decides every action in every context without throwing', () => {
    fc.assert(
      fc.property(policyDefinition, action, context, (definition, act, ctx) => {
        let policy: ReturnType<typeof definePolicy>;
        try {
          policy = definePolicy(definition);
        } catch {
          return;
        }
        const decision = policy.decide(act, ctx);
        expect(['allow', 'deny', 'ask']).toContain(decision.decision);
        if (act.kind === 'tool')
          expect(Array.isArray(policy.labelResult(act, (act as { args: unknown }).args, ctx))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never allows an action that one of its deny rules denies, evaluation failures included', () => {
    fc.assert(
      fc.property(
        policyDefinition,
        fc.oneof({ arbitrary: toolAction, weight: 4 }, { arbitrary: action, weight: 1 }),
        context,
        (definition, act, ctx) => {
          let policy: ReturnType<typeof definePolicy>;
          try {
            policy = definePolicy(definition);
          } catch {
            return;
          }
          const decision = policy.decide(act, ctx).decision;
          for (const rule of definition.rules ?? []) {
            if (rule.deny === undefined) continue;
            const alone = definePolicy({ default: 'allow', labels: definition.labels, rules: [rule] }).decide(act, ctx);
            if (alone.decision === 'deny') expect(decision).not.toBe('allow');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('denies when a deny rule needs an argument the call does not have', () => {
    const needsValue = fc.constantFrom<unknown>(
      { gt: 1 },
      { startsWith: 'a' },
      { matches: 'x' },
      { ne: 'x' },
      { in: [1] },
      { length: 2 },
      { within: '/a' },
    );
    fc.assert(
      fc.property(needsValue, fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.anything()), (test, present) => {
        const policy = definePolicy({
          default: 'allow',
          rules: [
            { tool: '*', allow: true },
            { tool: '*', deny: { 'args.missing': test as never } },
          ],
        });
        const decision = policy.decide(
          { kind: 'tool', tool: 't', source: 'local', args: present, toolCallId: 'c' },
          {
            runId: 'r',
            run: { step: 0, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'a' },
            history: [],
            now: 0,
          },
        );
        expect(decision.decision).toBe('deny');
        expect(decision.reason).toContain('args.missing is missing');
      }),
    );
  });
});

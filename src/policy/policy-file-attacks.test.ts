// Attacks on policy files: every bad file is a PolicyError with file, line, key path and a fix; patterns that
// may backtrack catastrophically on model-controlled arguments are warned about at load (docs/policy.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextWith, toolCall } from './_test-context.js';
import { loadPolicy } from './load-policy.js';
import { parsePolicy } from './parse-policy.js';
import { PolicyError } from './policy-error.js';

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, { file: 'policy.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

const warningsOf = (text: string) => parsePolicy(text, { file: 'policy.yaml' }).warnings.map((w) => w.message);
const matchesRule = (pattern: string) =>
  `rules: [{ tool: x, deny: { args.a: { matches: ${JSON.stringify(pattern)} } } }]`;

describe('policy file attacks: breaks the promise would be', () => {
  // docs/policy.md: "Rules that load but can never match come back as warnings (…) a regex with nested quantifiers."
  // Each of these nests a quantifier inside a quantified group and backtracks exponentially on a model's argument.
  it.each([
    ['a group inside a group', '((a+))+$'],
    ['non-capturing groups inside each other', '(?:(?:a+))+$'],
    ['a {m,n} quantifier inside a quantified group', '(a{1,30})+$'],
    ['an optional inside a counted group', '^(a?){25}a{25}$'],
  ])('warns about a matches pattern with nested quantifiers: %s (%s)', (_name, pattern) => {
    const warnings = warningsOf(matchesRule(pattern));
    expect(warnings.some((warning) => /backtrack/.test(warning))).toBe(true);
  });

  it('warns about nested quantifiers in a `schema` pattern too (a regex evaluated on model arguments)', () => {
    const warnings = warningsOf(
      'rules: [{ tool: x, deny: { args.a: { schema: { type: string, pattern: "(a+)+$" } } } }]',
    );
    expect(warnings.some((warning) => /backtrack/.test(warning))).toBe(true);
  });

  it.each([['toString'], ['constructor'], ['valueOf'], ['__proto__']])(
    'refuses `extends: %s` (an Object.prototype key) as an undefined role, as it does `extends: viewr`',
    (name) => {
      const error = errorOf(
        `roles: { clerk: { extends: ${name}, tools: [send] }, viewer: { tools: [read] } }\nrules: []`,
      );
      expect(error.message).toContain(`Role "${name}" is not defined`);
      expect(error.path).toBe('roles.clerk.extends');
    },
  );
});

describe('policy file attacks: probes that hold', () => {
  it('warns about the classic nested-quantifier shapes', () => {
    for (const pattern of ['(a+)+$', '^(\\w+\\s?)*$', '(.*,){12}X', '([a-z]+)*$']) {
      expect(warningsOf(matchesRule(pattern)).some((warning) => /backtrack/.test(warning))).toBe(true);
    }
  });

  it.each([
    ['__proto__ in a rule', 'rules: [{ tool: x, __proto__: { allow: true }, deny: true }]', 'rules[0].__proto__'],
    [
      '__proto__ as a condition key',
      'rules: [{ tool: x, deny: { __proto__: { args.a: 1 } } }]',
      'rules[0].deny.__proto__',
    ],
    [
      '__proto__ as an operator',
      'rules: [{ tool: x, deny: { args.a: { __proto__: 1 } } }]',
      'rules[0].deny.args.a.__proto__',
    ],
    [
      'constructor as an operator',
      'rules: [{ tool: x, deny: { args.a: { constructor: 1 } } }]',
      'rules[0].deny.args.a.constructor',
    ],
    ['hasOwnProperty at the top', 'hasOwnProperty: 1\nrules: []', 'hasOwnProperty'],
    ['an infinite limit', 'rules: [{ tool: x, limit: { max: .inf, per: run } }]', 'rules[0].limit.max'],
    ['a NaN limit', 'rules: [{ tool: x, limit: { max: .nan, per: run } }]', 'rules[0].limit.max'],
    ['a NaN priority', 'rules: [{ tool: x, priority: .nan, deny: true }]', 'rules[0].priority'],
    ['a NaN comparison', 'rules: [{ tool: x, deny: { args.a: { gt: .nan } } }]', 'rules[0].deny.args.a.gt'],
    ['version "1" as text', 'version: "1"\nrules: []', 'version'],
    ['an empty tool list', 'rules: [{ tool: [], deny: true }]', 'rules[0].tool'],
    ['two rules with one id', 'rules: [{ id: a, tool: x, deny: true }, { id: a, tool: y, deny: true }]', 'rules[1].id'],
  ])('%s is a PolicyError at its key path', (_name, text, path) => {
    const error = errorOf(text);
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.path).toBe(path);
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/^policy\.yaml:1 at .*: .+/);
  });

  it('a BOM and CRLF line ends keep lines right', () => {
    const error = errorOf(
      '\uFEFFversion: 1\r\nrules:\r\n  - id: r\r\n    tool: x\r\n    deny: { args.a: { startWith: b } }\r\n',
    );
    expect(error.line).toBe(5);
    expect(error.fix).toBe('did you mean `startsWith`?');
  });

  it('nesting thousands deep in a value or a schema is a PolicyError, not a RangeError', () => {
    const deepList = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    expect(errorOf(`rules: [{ tool: x, deny: { args.a: { eq: ${deepList} } } }]`).message).toMatch(/not valid YAML/);
    const deepSchema = `${'{ items: '.repeat(2000)}{}${' }'.repeat(2000)}`;
    expect(errorOf(`rules: [{ tool: x, deny: { args.a: { schema: ${deepSchema} } } }]`).message).toMatch(
      /not valid YAML/,
    );
  });

  it('a principal whose role is an Object.prototype key is bounded by roles like any undefined role', () => {
    const { policy } = parsePolicy('default: allow\nroles: { viewer: { tools: [read] } }\nrules: []', {
      file: 'p.yaml',
    });
    for (const role of ['toString', 'constructor', '__proto__']) {
      const decision = policy.decide(toolCall('write'), contextWith({ principal: { id: 'u', roles: [role] } }));
      expect(decision).toMatchObject({ decision: 'deny', ruleId: 'roles' });
    }
  });

  it('decide never throws on model arguments nested 50,000 deep, nor on a self-referencing schema', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    const { policy } = parsePolicy(
      [
        'default: allow',
        'rules:',
        '  - { id: eq, tool: x, deny: { args.a: { eq: { a: 1 } } } }',
        '  - { id: loop, tool: y, deny: { history: { sameCallInARow: { gte: 2 } } } }',
        '  - { id: ref, tool: z, deny: { args.a: { schema: { $ref: "#" } } } }',
      ].join('\n'),
      { file: 'p.yaml' },
    );
    const history = [{ action: toolCall('y', { a: deep }), decision: 'allow' as const, labels: [], time: 0 }];
    for (const [tool, context] of [
      ['x', contextWith()],
      ['y', contextWith({ history })],
      ['z', contextWith()],
    ] as const) {
      const decision = policy.decide(toolCall(tool, { a: deep }), context);
      expect(['allow', 'deny']).toContain(decision.decision);
    }
    expect(policy.decide(toolCall('z', { a: 5 }), contextWith()).decision).toBe('deny');
  });

  it('loadPolicy on a directory or a missing file is a PolicyError saying to check the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-policy-attacks-'));
    for (const file of [dir, join(dir, 'missing.yaml')]) {
      const error = await loadPolicy(file).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(PolicyError);
      expect((error as PolicyError).fix).toMatch(/check the path/);
    }
  });
});

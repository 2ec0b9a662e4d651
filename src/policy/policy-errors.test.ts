// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` is policy template syntax, not a mistaken JS template.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { definePolicy } from './define-policy.js';
import { loadPolicy } from './load-policy.js';
import { parsePolicy } from './parse-policy.js';
import { PolicyError } from './policy-error.js';

function errorOf(text: string, tools?: string[]): PolicyError {
  try {
    parsePolicy(text, { file: 'policy.yaml', tools });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('policy errors', () => {
  it('suggests the operator a misspelt one means, with file, line and key path', () => {
    const error = errorOf(
      [
        'version: 1',
        'rules:',
        '  - id: r',
        '    tool: read_file',
        '    deny:',
        '      args.path: { startWith: /etc }',
      ].join('\n'),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.file).toBe('policy.yaml');
    expect(error.line).toBe(6);
    expect(error.path).toBe('rules[0].deny.args.path.startWith');
    expect(error.fix).toBe('did you mean `startsWith`?');
    expect(error.message).toContain('Unknown operator `startWith`');
  });

  it('maps foreign operator spellings to ours', () => {
    expect(errorOf('rules: [{ tool: x, deny: { args.a: { regex: "a" } } }]').fix).toBe('did you mean `matches`?');
    expect(errorOf('rules: [{ tool: x, deny: { args.a: { ">=": 3 } } }]').fix).toBe('did you mean `gte`?');
  });

  it('names an unknown top-level key and the likely one', () => {
    const error = errorOf('version: 1\nrule:\n  - { tool: x, deny: true }\n');
    expect(error.message).toContain('Unknown top-level key `rule`');
    expect(error.fix).toBe('did you mean `rules`?');
    expect(error.line).toBe(2);
  });

  it('names unknown keys in a rule', () => {
    const error = errorOf('rules:\n  - tool: x\n    deny: true\n    fallbak: halt\n');
    expect(error.path).toBe('rules[0].fallbak');
    expect(error.fix).toBe('did you mean `fallback`?');
    expect(error.line).toBe(4);
  });

  it('reports a bad regular expression at load', () => {
    const error = errorOf('rules:\n  - tool: x\n    allow: { args.to: { matches: "(unclosed" } }\n');
    expect(error.message).toContain('Invalid regular expression');
    expect(error.line).toBe(3);
    expect(error.path).toBe('rules[0].allow.args.to.matches');
  });

  it('reports wrong operand types', () => {
    expect(errorOf('rules: [{ tool: x, ask: { args.amount: { gt: "a lot" } } }]').message).toContain(
      '`gt` compares numbers, not a string',
    );
    expect(errorOf('rules: [{ tool: x, deny: { args.a: { in: 3 } } }]').message).toContain('`in` takes a list');
    expect(errorOf('rules: [{ tool: x, deny: { args.a: { startsWith: 3 } } }]').fix).toBe('quote the value');
    expect(errorOf('rules: [{ tool: x, priority: high, deny: true }]').path).toBe('rules[0].priority');
    expect(errorOf('default: maybe').message).toContain('Must be allow, deny, ask');
  });

  it('refuses a bare list as ambiguous', () => {
    const error = errorOf('rules: [{ tool: x, allow: { args.to: [a, b] } }]');
    expect(error.message).toContain('ambiguous');
    expect(error.fix).toContain('in: [...]');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorOf('rules:\n  - tool: x\n    deny: { args.a: [1, 2 }\n');
    expect(error.message).toContain('not valid YAML');
    expect(error.line).toBe(3);
  });

  it('checks what conditions read', () => {
    expect(errorOf('rules: [{ tool: x, deny: { run.stepz: { gt: 3 } } }]').fix).toBe('did you mean `run.step`?');
    expect(errorOf('rules: [{ tool: x, deny: { arg.to: a } }]').fix).toBe('did you mean `args.to`?');
    expect(errorOf('rules: [{ tool: x, deny: { to: a } }]').fix).toContain('args.to');
    expect(errorOf('rules: [{ tool: x, deny: { startsWith: a } }]').fix).toContain('operators go under a path');
    expect(errorOf('rules: [{ tool: x, deny: { output.body: a } }]').message).toContain('cannot be read here');
    expect(errorOf('rules: [{ tool: x, deny: { history: { caled: y } } }]').fix).toBe('did you mean `called`?');
    expect(errorOf('rules: [{ tool: x, deny: { args.a: { eq: "${secrets.key}" } } }]').message).toContain(
      'Bad template',
    );
    expect(errorOf('rules: [{ tool: x, deny: { args: { to: a, eq: b } } }]').message).toContain('mixes operators');
  });

  it('checks rule structure', () => {
    expect(errorOf('rules: [{ tool: x, allow: true, deny: true }]').fix).toBe('split it into one rule per effect');
    expect(errorOf('rules: [{ tool: x }]').message).toContain('neither allow, deny, ask nor limit');
    expect(errorOf('rules: [{ deny: true }]').fix).toContain('tool: "*"');
    expect(errorOf('rules: [{ tool: x, deny: true, limit: { max: 1 } }]').message).toContain(
      'combines deny with a limit',
    );
    expect(errorOf('rules: [{ tool: x, allow: true, fallback: halt }]').message).toContain(
      'only applies to rules that deny',
    );
    expect(errorOf('rules: [{ id: a, tool: x, deny: true }, { id: a, tool: y, deny: true }]').message).toContain(
      'Two rules are named "a"',
    );
    expect(errorOf('rules: [{ tool: x, deny: true, fallback: { respond: a, halt: b } }]').message).toContain(
      'does one thing',
    );
    expect(errorOf('rules: [{ tool: x, limit: { max: 1, window: soon } }]').fix).toContain('30s');
    expect(errorOf('rules: [{ tool: x, action: spawn, deny: true }]').message).toContain('exclude `tool`');
  });

  it('checks roles and labels', () => {
    expect(errorOf('roles: { a: { extends: b }, b: { extends: a } }').message).toContain('cycle');
    expect(errorOf('roles: { a: { extends: viewr }, viewer: { tools: [x] } }').fix).toBe('did you mean "viewer"?');
    expect(errorOf('labels: { untrusted: [{ when: { args.a: 1 } }] }').message).toContain('needs `tool` or `source`');
    expect(errorOf('labels: { "source:x": [x] }').message).toContain('automatic');
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    let condition = '{ args.a: 1 }';
    for (let depth = 0; depth < 40; depth++) condition = `{ not: ${condition} }`;
    expect(errorOf(`rules: [{ tool: x, deny: ${condition} }]`).message).toContain('nest deeper');
  });

  it('throws the same typed errors from definePolicy, without lines', () => {
    expect(() => definePolicy({ rules: [{ tool: 'x', deny: { 'args.a': { startWith: 'b' } as never } }] })).toThrow(
      /rules\[0\]\.deny\.args\.a\.startWith: Unknown operator `startWith`\. Fix: did you mean `startsWith`\?/,
    );
  });

  it('loads files and reports missing ones', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'warden-policy-'));
    const file = join(directory, 'policy.yaml');
    await writeFile(file, 'rules:\n  - { tool: read_emial, allow: true }\n');
    const { policy, warnings } = await loadPolicy(file, { tools: ['read_email'] });
    expect(
      policy.decide(
        { kind: 'tool', tool: 'read_emial', source: 'local', args: {}, toolCallId: 'c' },
        {
          runId: 'r',
          run: { step: 0, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'a' },
          history: [],
          now: 0,
        },
      ).decision,
    ).toBe('allow');
    expect(warnings).toEqual([
      expect.objectContaining({
        file,
        line: 2,
        path: 'rules[0].tool',
        message: expect.stringContaining('did you mean `read_email`'),
      }),
    ]);
    await expect(loadPolicy(join(directory, 'missing.yaml'))).rejects.toThrow(/Cannot read the policy file: ENOENT/);
  });
});

describe('policy warnings', () => {
  const warningsOf = (text: string, tools?: string[]) =>
    parsePolicy(text, { tools }).warnings.map((warning) => warning.message);

  it('warns about rules naming no tool that exists', () => {
    expect(warningsOf('rules: [{ tool: [send_mail, read_*], deny: true }]', ['send_email', 'read_file'])).toEqual([
      '`send_mail` matches no tool that exists (did you mean `send_email`?).',
    ]);
    expect(warningsOf('rules: [{ tool: send_mail, deny: true }]')).toEqual([]);
  });

  it('warns about contradictory conditions', () => {
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.a: { gt: 10, lt: 5 } } }]')).toEqual([
      'Rule "r" can never match: args.a must be > 10 and < 5.',
    ]);
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.a: 1, all: [{ args.a: 2 }] } }]')).toEqual([]);
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.a: { eq: 1, ne: 1 } } }]')[0]).toContain(
      'must both equal and not equal 1',
    );
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.p: { startsWith: /a, eq: /b } } }]')[0]).toContain(
      'start with',
    );
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.a: { in: [1, 2], eq: 3 } } }]')[0]).toContain(
      'not in its `in` list',
    );
    expect(warningsOf('rules: [{ id: r, tool: x, deny: { args.a: { gt: 1, lt: 5 } } }]')).toEqual([]);
  });

  it('warns about allows an unconditional deny always beats', () => {
    expect(warningsOf('rules: [{ id: off, tool: "*", deny: true }, { id: on, tool: x, allow: true }]')).toEqual([
      'Rule "on" never allows anything: rule "off" denies every such call first.',
    ]);
    expect(
      warningsOf('rules: [{ id: off, tool: "*", deny: true }, { id: on, tool: x, priority: 1, allow: true }]'),
    ).toEqual([]);
  });

  it('warns about labels nobody declares and patterns that may backtrack', () => {
    expect(warningsOf('rules: [{ tool: x, deny: { args.a: { derivedFrom: untrustd } } }]')[0]).toContain(
      'Label "untrustd" is not declared',
    );
    expect(warningsOf('rules: [{ tool: x, deny: { args.a: { matches: "(a+)+$" } } }]')[0]).toContain('backtrack');
  });
});

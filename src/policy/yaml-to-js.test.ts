import { describe, expect, it } from 'vitest';
import { narrowPolicy } from './narrow-policy.js';
import { parsePolicy } from './parse-policy.js';
import { allowAll } from './policy.js';
import { PolicyError } from './policy-error.js';

const bomb = [
  'a: &a [x,x,x,x,x,x,x,x,x]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'tools: *c',
].join('\n');

const errorOf = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('YAML aliases in policies and task policies', () => {
  it.each([
    [
      'a policy with an unresolved alias',
      () => parsePolicy('name: p\ndefault: deny\nrules:\n  - *nope\n', { file: 'p.yaml' }),
      4,
    ],
    ['a policy alias bomb', () => parsePolicy(`name: p\n${bomb}\n`, { file: 'p.yaml' }), 3],
    ['a task policy with an unresolved alias', () => narrowPolicy(allowAll, 'tools: [*x]\n', { file: 't.yaml' }), 1],
    ['a task policy alias bomb', () => narrowPolicy(allowAll, bomb, { file: 't.yaml' }), 2],
  ])('%s is a PolicyError with the line, not a ReferenceError', (_name, work, line) => {
    const error = errorOf(work);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ line, message: expect.stringMatching(/alias/) });
  });
});

import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy.js';
import { PolicyError } from './policy-error.js';

describe('a role or label named __proto__', () => {
  it.each([
    ['a role', 'roles: { viewer: { tools: [read] }, __proto__: { tools: [send] } }\nrules: []', 'roles.__proto__'],
    ['a label', 'labels: { __proto__: [read_email] }\nrules: []', 'labels.__proto__'],
  ])('%s is refused at its key path, not dropped without a word', (_name, text, path) => {
    const error = (() => {
      try {
        parsePolicy(text, { file: 'policy.yaml' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ path, fix: 'choose another name', line: 1 });
    expect((error as PolicyError).message).toContain('The name "__proto__" is reserved');
  });
});

import { describe, expect, it } from 'vitest';
import { findInjectionPlaceholders, instantiateEnvironment } from './environment.js';

const template = {
  inbox: [{ body: 'Hello {{injection:mail}}', tags: ['{{injection:tag}}', 'plain'] }],
  count: 3,
  nested: { deep: { text: 'a {{injection:mail}} b' } },
};

describe('instantiateEnvironment', () => {
  it('puts the attack text into every placeholder of its vector', () => {
    const state = instantiateEnvironment(template, { mail: 'ATTACK' });
    expect(state.inbox[0].body).toBe('Hello ATTACK');
    expect(state.nested.deep.text).toBe('a ATTACK b');
  });

  it('uses the vector default, then the empty string, when no attack is given', () => {
    const state = instantiateEnvironment(template, {}, { tag: 'newsletter' });
    expect(state.inbox[0].tags).toEqual(['newsletter', 'plain']);
    expect(state.inbox[0].body).toBe('Hello ');
  });

  it('returns a deep copy, so one case cannot change the next', () => {
    const first = instantiateEnvironment(template);
    first.inbox[0].tags.push('changed');
    first.nested.deep.text = 'changed';
    const second = instantiateEnvironment(template);
    expect(second.inbox[0].tags).toEqual(['', 'plain']);
    expect(template.nested.deep.text).toBe('a {{injection:mail}} b');
    expect(second.count).toBe(3);
  });

  it('lists the vectors that have placeholders, in order of appearance', () => {
    expect(findInjectionPlaceholders(template)).toEqual(['mail', 'tag']);
  });
});

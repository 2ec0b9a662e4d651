import { describe, expect, it } from 'vitest';
import type { SavedAction } from './action-store.js';
import { rankActions, tokens } from './rank-actions.js';

const action = (name: string, docstring: string, extra: Partial<SavedAction> = {}): SavedAction => ({
  name,
  version: 1,
  language: 'javascript',
  signature: `${name}()`,
  docstring,
  code: `function ${name}() {}`,
  tests: [],
  createdAt: 0,
  uses: 0,
  successes: 0,
  ...extra,
});

describe('rankActions', () => {
  const library = [
    action('totalPrice', 'Sums the prices of a list of items'),
    action('sendReport', 'Emails a weekly report to the team'),
    action('convertCurrency', 'Converts an amount between currencies'),
  ];

  it('splits names into words and drops stop words', () => {
    expect(tokens('getPrice_total of the Items')).toEqual(['get', 'price', 'total', 'items']);
  });

  it('puts the function whose name matches first, and drops those with nothing in common', () => {
    const ranked = rankActions(library, 'What is the total price of my cart items?', 5);
    expect(ranked.map((a) => a.name)).toEqual(['totalPrice']);
  });

  it('matches plural and singular forms, ranks a name match above a docstring match', () => {
    const ranked = rankActions([...library, action('listItems', 'Lists report sections')], 'report', 5);
    expect(ranked.map((a) => a.name)).toEqual(['sendReport', 'listItems']);
    expect(rankActions(library, 'currency', 5).map((a) => a.name)).toEqual(['convertCurrency']);
  });

  it('breaks ties by success rate, respects the limit, and returns nothing for an empty query', () => {
    const twins = [
      action('fetchA', 'fetch weather', { uses: 10, successes: 1 }),
      action('fetchB', 'fetch weather', { uses: 10, successes: 9 }),
    ];
    expect(rankActions(twins, 'weather', 5).map((a) => a.name)).toEqual(['fetchB', 'fetchA']);
    expect(rankActions(twins, 'weather', 1)).toHaveLength(1);
    expect(rankActions(twins, 'the of', 5)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { rotate, selectRunners } from './runners.js';

describe('rotate', () => {
  it('starts each pass one runner later, so every runner goes first once in n passes', () => {
    const items = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((pass) => rotate(items, pass).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
  });
});

describe('selectRunners', () => {
  it('keeps the floor whatever --only names', () => {
    expect(selectRunners(['warden', 'ai-sdk']).map((runner) => runner.id)).toEqual([
      'plain-openai',
      'warden',
      'ai-sdk',
    ]);
  });

  it('runs Warden from its build, as users install it, and the anchors as they are', () => {
    const runners = selectRunners(undefined);
    expect(runners.filter((runner) => runner.needsBuild).map((runner) => runner.id)).toEqual([
      'warden',
      'warden-memory-store',
      'warden-side-effects',
      'warden-parallel-policy',
    ]);
    expect(runners.filter((runner) => runner.role === 'anchor').map((runner) => runner.id)).toEqual([
      'ai-sdk',
      'openai-agents',
      'langgraph',
      'mastra',
    ]);
  });

  it('names the valid runners when --only has an unknown one', () => {
    expect(() => selectRunners(['warden', 'crewai'])).toThrow(/Unknown runner "crewai".*plain-openai, warden/);
  });
});

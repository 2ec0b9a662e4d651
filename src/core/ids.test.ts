import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCounterIds, randomIds, seededRandom, seedFrom, syscallId } from './ids.js';

afterEach(() => vi.useRealTimers());

describe('randomIds', () => {
  it('keeps the prefix and uses only characters safe in paths, URLs and SQL literals', () => {
    expect(randomIds('run')).toMatch(/^run_[0-9a-z]{21}$/);
    expect(randomIds('appr')).toMatch(/^appr_[0-9a-z]{21}$/);
  });

  it('sorts ids made in later milliseconds after earlier ones (time-ordered index keys)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const made: string[] = [];
    for (let ms = 0; ms < 50; ms++) {
      vi.setSystemTime(1_700_000_000_000 + ms * 37);
      made.push(randomIds('run'));
    }
    expect([...made].sort()).toEqual(made);
  });

  it('does not repeat within one millisecond', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const ids = new Set(Array.from({ length: 20_000 }, () => randomIds('run')));
    expect(ids.size).toBe(20_000);
  });
});

describe('deterministic helpers', () => {
  it('counts per prefix', () => {
    const ids = createCounterIds();
    expect([ids('run'), ids('run'), ids('tool')]).toEqual(['run_1', 'run_2', 'tool_1']);
  });

  it('derives syscall ids and seeds that do not change between calls', () => {
    expect(syscallId('run_1', 3)).toBe('run_1:3');
    expect(seedFrom('abc')).toBe(seedFrom('abc'));
    expect(seedFrom('abc')).not.toBe(seedFrom('abd'));
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

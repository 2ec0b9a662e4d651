import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

const recorder = () => {
  const commits: string[][] = [];
  const group = new GroupCommit<string>((items) => {
    commits.push(items);
    return items.map((item) => (item.startsWith('bad') ? new Error(item) : undefined));
  });
  return { commits, group };
};

describe('GroupCommit', () => {
  it('commits what is added in one turn of the event loop together, once', async () => {
    const { commits, group } = recorder();
    const done = [group.add('a'), group.add('b'), group.add('c')];
    expect(commits).toEqual([]);
    await Promise.all(done);
    expect(commits).toEqual([['a', 'b', 'c']]);
  });

  it('commits a write someone waits on at once, taking what is pending with it', async () => {
    const { commits, group } = recorder();
    const queued = group.add('a');
    const urgent = group.add('b', true);
    expect(commits).toEqual([['a', 'b']]);
    await Promise.all([queued, urgent]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toEqual([['a', 'b']]);
  });

  it('fails only the items the commit fails, and all of them when it throws', async () => {
    const { group } = recorder();
    const results = await Promise.allSettled([group.add('ok'), group.add('bad-1'), group.add('ok-2')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const broken = new GroupCommit<string>(() => {
      throw new Error('disk full');
    });
    await expect(Promise.all([broken.add('x'), broken.add('y', true)])).rejects.toThrow('disk full');
  });
});

import { describe, expect, it } from 'vitest';
import { BoundedNotes, boundedData, cut, maxNoteChars } from './bounded-notes.js';

describe('bounded notes', () => {
  it('keeps the first `limit` notes and one last note standing for every dropped one', () => {
    const written: Array<[number, number | undefined]> = [];
    const notes = new BoundedNotes<number>(3, (note, coalesced) => written.push([note, coalesced]));
    for (let i = 1; i <= 10; i++) notes.add(i);
    notes.finish();
    notes.finish(); // a second finish writes nothing more
    expect(written).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [10, 6],
    ]);
  });

  it('writes no extra note when nothing was dropped', () => {
    const written: number[] = [];
    const notes = new BoundedNotes<number>(3, (note) => written.push(note));
    notes.add(1);
    notes.finish();
    expect(written).toEqual([1]);
  });

  it('cuts long text and large or non-JSON log data', () => {
    expect(cut('x'.repeat(maxNoteChars + 10))).toMatch(/… \(10 more characters\)$/);
    expect(boundedData({ a: 1 })).toEqual({ a: 1 });
    expect(String(boundedData({ big: 'y'.repeat(maxNoteChars * 2) })).length).toBeLessThan(maxNoteChars + 50);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(boundedData(cycle)).toBe('[log data that is not JSON]');
    expect(boundedData(undefined)).toBeNull();
  });
});

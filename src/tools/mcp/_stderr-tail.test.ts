import { describe, expect, it } from 'vitest';
import { StderrTail } from './_stderr-tail.js';

describe('StderrTail', () => {
  it('keeps the last non-empty lines across chunk boundaries', () => {
    const tail = new StderrTail(3, 10);
    tail.push('one\ntw');
    tail.push('o\r\n\nthree\nfour\nfi');
    expect(tail.lines()).toEqual(['three', 'four', 'fi']);
    expect(tail.lines(1)).toEqual(['fi']);
  });

  it('clips long lines', () => {
    const tail = new StderrTail(3, 5);
    tail.push('abcdefgh\n');
    expect(tail.lines()).toEqual(['abcde…']);
  });
});

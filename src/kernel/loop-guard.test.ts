import { describe, expect, it } from 'vitest';
import { LoopGuard } from './loop-guard.js';

describe('LoopGuard', () => {
  it('counts the same tool with the same input in a row, whatever the order of the input’s keys', () => {
    const guard = new LoopGuard();
    expect(guard.observe('add', { a: 1, b: 2 })).toBe(1);
    expect(guard.observe('add', { b: 2, a: 1 })).toBe(2);
    expect(guard.observe('add', { a: 1, b: 2, nested: undefined })).toBe(3);
  });

  it('starts again on another input, another tool, or a value that only looks alike', () => {
    const guard = new LoopGuard();
    guard.observe('add', { a: 1, b: 2 });
    expect(guard.observe('add', { a: 1, b: 3 })).toBe(1);
    expect(guard.observe('sub', { a: 1, b: 3 })).toBe(1);
    expect(guard.observe('sub', { a: '1', b: 3 })).toBe(1);
    expect(guard.observe('sub', { a: [1], b: 3 })).toBe(1);
    expect(guard.observe('sub', { a: [1], b: 3 })).toBe(2);
  });

  it('is not fooled by a tool name and input that concatenate alike', () => {
    const guard = new LoopGuard();
    guard.observe('a', 'b\u0000c');
    expect(guard.observe('a\u0000b', 'c')).toBe(1);
  });
});

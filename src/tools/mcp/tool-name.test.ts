import { describe, expect, it } from 'vitest';
import { toolNames } from './tool-name.js';

const valid = /^[A-Za-z0-9_-]{1,64}$/;

describe('toolNames', () => {
  it('keeps valid names and applies the prefix', () => {
    expect(toolNames(['read_file', 'list-dir'])).toEqual(['read_file', 'list-dir']);
    expect(toolNames(['read_file'], 'fs_')).toEqual(['fs_read_file']);
  });

  it('replaces invalid characters and keeps names unique', () => {
    expect(toolNames(['read.file', 'read_file', 'read file', 'ünïcode', ''])).toEqual([
      'read_file',
      'read_file_2',
      'read_file_3',
      '_n_code',
      'tool',
    ]);
  });

  it('cuts long names to 64 characters, suffix included', () => {
    const long = 'a'.repeat(80);
    const names = toolNames([long, long], 'p_');
    expect(names[0]).toBe(`p_${'a'.repeat(62)}`);
    expect(names[1]).toBe(`p_${'a'.repeat(60)}_2`);
    for (const name of names) expect(name).toMatch(valid);
  });
});

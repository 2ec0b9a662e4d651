import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnchorsUnavailableError, ensureAnchors } from './ensure-anchors.js';

const dirs: string[] = [];
const anchors = () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchors-test-'));
  dirs.push(dir);
  return dir;
};
const installed = (dir: string) => {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ensureAnchors', () => {
  it('installs nothing when a finished install is there', () => {
    const dir = anchors();
    installed(dir);
    const calls: string[] = [];
    const install = (at: string) => {
      calls.push(at);
      return undefined;
    };
    ensureAnchors({ dir, install, log: () => {} });
    expect(calls).toEqual([]);
  });

  it('installs into the anchors folder when node_modules is missing', () => {
    const dir = anchors();
    const calls: string[] = [];
    const install = (at: string) => {
      calls.push(at);
      installed(at);
      return undefined;
    };
    ensureAnchors({ dir, install, log: () => {} });
    expect(calls).toEqual([dir]);
  });

  it('fails with what to do next when npm cannot install', () => {
    const dir = anchors();
    const attempt = () => ensureAnchors({ dir, install: () => 'it exited with code 1', log: () => {} });
    expect(attempt).toThrow(AnchorsUnavailableError);
    expect(attempt).toThrow(/npm ci --prefix bench\/anchors.*failed \(it exited with code 1\).*npm registry/);
  });

  it('fails when npm exits cleanly but left no install behind', () => {
    const attempt = () => ensureAnchors({ dir: anchors(), install: () => undefined, log: () => {} });
    expect(attempt).toThrow(/left no node_modules\/.package-lock.json/);
  });
});

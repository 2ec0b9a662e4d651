import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { starterConfig } from '../cli/commands/init.js';
import { parseConfig } from './load-config.js';

function errorOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parseConfig(text, 'warden.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts the starter config that `warden init` writes', () => {
    const config = parseConfig(starterConfig, 'warden.yaml', {});
    expect(config.agents.assistant?.model).toBe('default');
    expect(config.models.default).toMatchObject({
      provider: 'openai-compatible',
      baseURL: 'http://127.0.0.1:11434/v1',
    });
    expect(config.store).toBe('sqlite:.warden/warden.db');
  });

  it('reads the counters backend (memory by default) and refuses one it does not know', () => {
    expect(parseConfig('agents:\n  a: { model: m }\n', 'warden.yaml', {}).counters).toEqual({ kind: 'memory' });
    const shared = parseConfig(
      'agents:\n  a: { model: m }\ncounters: { kind: postgres, url: "${DB}" }\n',
      'warden.yaml',
      { DB: 'postgres://db.internal/warden' },
    );
    expect(shared.counters).toEqual({ kind: 'postgres', url: 'postgres://db.internal/warden' });
    expect(parseConfig('agents:\n  a: { model: m }\ncounters: { kind: redis }\n', 'warden.yaml', {}).counters).toEqual({
      kind: 'redis',
    });
    const error = errorOf('agents:\n  a: { model: m }\ncounters:\n  kind: etcd\n');
    expect(error.message).toMatch(/^warden\.yaml:4 at counters\.kind:/);
    expect(error.message).toContain('counters');
    expect(errorOf('agents:\n  a: { model: m }\ncounters: { kind: postgres, url: "mysql://x" }\n').message).toContain(
      'a postgres://… connection string',
    );
  });

  it('interpolates ${VAR} and ${VAR:-default}', () => {
    const config = parseConfig(
      'models:\n  m: { provider: openai-compatible, model: "${MODEL}", baseURL: "${URL:-http://127.0.0.1:1/v1}" }\nagents:\n  a: { model: m }\n',
      'warden.yaml',
      { MODEL: 'qwen3' },
    );
    expect(config.models.m).toMatchObject({ model: 'qwen3', baseURL: 'http://127.0.0.1:1/v1' });
  });

  it('names the file, line and the fix for an unset variable', () => {
    const error = errorOf('agents:\n  a:\n    model: "${NOPE}"\n');
    expect(error.message).toMatch(/^warden\.yaml:3: The environment variable NOPE is not set\. Fix: set NOPE/);
  });

  it('names the line and key path of an unknown key', () => {
    const error = errorOf('agents:\n  a:\n    model: x\n    instructoins: hi\n');
    expect(error.line).toBe(4);
    expect(error.path).toBe('agents.a');
    expect(error.message).toMatch(/Unknown key "instructoins"/);
  });

  it('names the line of a value with the wrong type', () => {
    const error = errorOf('agents:\n  a:\n    model: x\n    budget:\n      maxSteps: many\n');
    expect(error.line).toBe(5);
    expect(error.path).toBe('agents.a.budget.maxSteps');
    expect(error.fix).toMatch(/number/);
  });

  it('reports malformed YAML with its line', () => {
    const error = errorOf('agents:\n  a: [unclosed\n');
    expect(error.message).toMatch(/malformed/);
    expect(error.line).toBeGreaterThan(0);
  });

  it('validates MCP servers under their names', () => {
    const error = errorOf('agents:\n  a: { model: x }\nmcp:\n  files: { args: [x] }\n');
    expect(error.path).toBe('mcp.files');
    expect(error.message).toMatch(/command/);
    const ok = parseConfig('agents:\n  a: { model: x }\nmcp:\n  files: { command: node, args: [server.js] }\n');
    expect(ok.mcp.files).toMatchObject({ name: 'files', transport: 'stdio', command: 'node' });
  });

  it('refuses an unknown tool reference with the accepted forms', () => {
    const error = errorOf('agents:\n  a: { model: x, tools: [files] }\n');
    expect(error.message).toMatch(/builtin:<name>, mcp:<server>/);
  });
});

describe('parseConfig: YAML aliases', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'agents: { x: { model: m } }',
  ].join('\n');

  it.each([
    ['an unresolved alias', 'version: 1\nagents:\n  a: { model: *nope }\n', 3, /alias \*nope has no anchor/],
    ['an alias used before its anchor', 'agents:\n  a: { model: *m }\nx: &m foo\n', 2, /alias \*m has no anchor/],
    ['an unresolved merge key', 'agents:\n  a:\n    <<: *base\n', 3, /alias \*base/],
    ['an alias bomb', bomb, 2, /expand too far/],
  ])('gives a ConfigError with file and line for %s, never a ReferenceError', (_name, text, line, message) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^warden\\.yaml:${line}: .* Fix: `));
  });

  it('still reads anchors and aliases used within the limit', () => {
    const config = parseConfig(
      'models:\n  m: &model { provider: openai-compatible, model: q, baseURL: "http://127.0.0.1:1/v1" }\n  n: *model\nagents:\n  a: { model: m }\n',
      'warden.yaml',
      {},
    );
    expect(config.models.n).toMatchObject({ model: 'q' });
  });
});

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

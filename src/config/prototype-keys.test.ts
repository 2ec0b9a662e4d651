import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { type ConfiguredAgents, configureAgents } from './build-agents.js';
import { loadConfig, parseConfig } from './load-config.js';

const dirs: string[] = [];
const configured: ConfiguredAgents[] = [];
afterEach(async () => {
  await Promise.all(configured.splice(0).map((agents) => agents.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function agentsFrom(yaml: string): ConfiguredAgents {
  const dir = mkdtempSync(join(tmpdir(), 'warden-proto-'));
  dirs.push(dir);
  const file = join(dir, 'warden.yaml');
  writeFileSync(
    file,
    `models:\n  m: { provider: openai-compatible, model: x, baseURL: "http://127.0.0.1:1/v1" }\n${yaml}`,
  );
  const agents = configureAgents(loadConfig(file, {}));
  configured.push(agents);
  return agents;
}

function configErrorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'warden.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('names that are Object.prototype keys', () => {
  it.each([['constructor'], ['toString'], ['__proto__']])(
    '`warden run %s` is "No agent named", as any unknown name',
    async (name) => {
      const agents = agentsFrom('agents:\n  a: { model: m }\n');
      await expect(agents.agent(name)).rejects.toThrow(`No agent named "${name}". Fix: use one of: a`);
    },
  );

  it.each([['constructor'], ['hasOwnProperty']])(
    '`mcp:%s` is "No MCP server named", not a failed connection',
    async (name) => {
      const agents = agentsFrom(`agents:\n  a: { model: m, tools: ["mcp:${name}"] }\n`);
      const error = await agents.agent('a').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`No MCP server named "${name}"`);
    },
  );

  it('`${constructor}` is an unset variable, not the text of a function', () => {
    expect(configErrorOf('agents:\n  a: { model: m, instructions: "${constructor}" }\n').message).toContain(
      'The environment variable constructor is not set',
    );
  });

  it.each([
    ['an agent', 'agents:\n  a: { model: m }\n  __proto__: { model: m }\n', 'agents.__proto__'],
    ['an MCP server', 'mcp:\n  __proto__: { command: node }\nagents:\n  a: { model: m }\n', 'mcp.__proto__'],
  ])('%s named __proto__ is refused, not dropped without a word', (_name, text, path) => {
    const error = configErrorOf(text);
    expect(error.path).toBe(path);
    expect(error.message).toContain('The name "__proto__" is reserved');
  });
});

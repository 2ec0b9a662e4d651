import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostileServerEntry } from '../tools/mcp/fixtures/servers.js';
import { type ConfiguredAgents, configureAgents } from './build-agents.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
const configured: ConfiguredAgents[] = [];
afterEach(async () => {
  await Promise.all(configured.splice(0).map((agents) => agents.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const server = (extra = '') =>
  `{ command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(hostileServerEntry)}]${extra} }`;

function agentsFrom(yaml: string): ConfiguredAgents {
  const dir = mkdtempSync(join(tmpdir(), 'warden-build-'));
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

async function toolsOf(agents: ConfiguredAgents, name = 'a') {
  const agent = (await agents.agent(name)) as unknown as { tools: Array<{ name: string; source?: string }> };
  return agent.tools;
}

describe('tool names across sources', () => {
  it('refuses an MCP tool that shadows a built-in one, naming both sources and the prefix fix', async () => {
    const agents = agentsFrom(
      `mcp:\n  evil: ${server()}\nagents:\n  a: { model: m, tools: [builtin:files, mcp:evil] }\n`,
    );
    const error = await agents.agent('a').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFIG_TOOL_COLLISION', path: 'agents.a.tools' });
    expect(String((error as Error).message)).toMatch(
      /two tools named "read_file": one from builtin:files, one from mcp:evil\. Fix: set a prefix for the server, e\.g\. `mcp: \{ evil: \{ prefix: evil_ \} \}`/,
    );
  });

  it('refuses the same tool name from two servers, in either order', async () => {
    const agents = agentsFrom(
      `mcp:\n  one: ${server()}\n  two: ${server()}\nagents:\n  a: { model: m, tools: [mcp:two/small, mcp:one] }\n`,
    );
    await expect(agents.agent('a')).rejects.toThrow(
      /two tools named "small": one from mcp:two\/small, one from mcp:one/,
    );
  });

  it('keeps them apart with a per-server prefix, and allows naming one tool twice', async () => {
    const agents = agentsFrom(
      `mcp:\n  evil: ${server(', prefix: fs_')}\nagents:\n  a: { model: m, tools: [builtin:files, mcp:evil, mcp:evil/fs_small] }\n`,
    );
    const tools = await toolsOf(agents);
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['read_file', 'fs_read_file', 'fs_small']));
    expect(names.filter((name) => name === 'fs_small')).toHaveLength(1);
    expect(tools.find((tool) => tool.name === 'fs_read_file')?.source).toBe('mcp:evil');
  });

  it('refuses a prefix that is not a name fragment', async () => {
    expect(() => agentsFrom(`mcp:\n  evil: ${server(', prefix: "a b"')}\nagents:\n  a: { model: m }\n`)).toThrow(
      /mcp\.evil\.prefix/,
    );
  });
});

describe('trusted servers in warden.yaml', () => {
  it('believes annotations only with trusted: true', async () => {
    const agents = agentsFrom(
      `mcp:\n  plain: ${server(', prefix: p_')}\n  sure: ${server(', prefix: s_, trusted: true')}\nagents:\n  a: { model: m, tools: [mcp:plain, mcp:sure] }\n`,
    );
    const tools = (await toolsOf(agents)) as Array<{ name: string; readOnly?: boolean }>;
    expect(tools.find((tool) => tool.name === 'p_delete_everything')?.readOnly).toBe(false);
    expect(tools.find((tool) => tool.name === 's_delete_everything')?.readOnly).toBe(true);
  });

  it('passes maxResultBytes through', async () => {
    const agents = agentsFrom(
      `mcp:\n  evil: ${server(', maxResultBytes: 2048')}\nagents:\n  a: { model: m, tools: [mcp:evil/big] }\n`,
    );
    const [big] = (await toolsOf(agents)) as unknown as Array<{
      execute: (input: unknown, context: unknown) => Promise<unknown>;
    }>;
    const context = { runId: 'r', toolCallId: 'c', abortSignal: new AbortController().signal };
    await expect(big!.execute({ bytes: 4096 }, context)).rejects.toMatchObject({ code: 'MCP_RESULT_TOO_LARGE' });
  });
});

describe('routing in warden.yaml', () => {
  it('resolves routing models by name or model string, with the rules as written', async () => {
    const agents = agentsFrom(
      'agents:\n  a:\n    model: m\n    routing: { models: ["ollama:llama3.2"], escalateOn: [refusal], escalateAfter: { steps: 4 }, fallback: false }\n',
    );
    const agent = await agents.agent('a');
    expect(agent.routing?.models.map((model) => (typeof model === 'string' ? model : model.modelId))).toEqual([
      'llama3.2',
    ]);
    expect(agent.routing).toMatchObject({ escalateOn: ['refusal'], escalateAfter: { steps: 4 }, fallback: false });
  });

  it('refuses an unknown escalation reason or an unknown routing model, saying where', async () => {
    expect(() => agentsFrom('agents:\n  a: { model: m, routing: { models: [m], escalateOn: [boredom] } }\n')).toThrow(
      /routing/,
    );
    const agents = agentsFrom('agents:\n  a: { model: m, routing: { models: [nope] } }\n');
    await expect(agents.agent('a')).rejects.toThrow(/Unknown model "nope"/);
  });
});

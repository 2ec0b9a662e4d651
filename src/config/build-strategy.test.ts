import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { type ConfiguredAgents, configureAgents } from './build-agents.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
const configured: ConfiguredAgents[] = [];
afterEach(async () => {
  await Promise.all(configured.splice(0).map((agents) => agents.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function agentsFrom(yaml: string): ConfiguredAgents {
  const dir = mkdtempSync(join(tmpdir(), 'warden-strategy-'));
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

describe('strategy: codeact in warden.yaml', () => {
  it('builds a CodeAct agent whose code actions run with the configured limits', async () => {
    const agents = agentsFrom('agents:\n  a: { model: m, strategy: codeact, codeact: { timeoutMs: 300 } }\n');
    const agent = await agents.agent('a');
    expect(agent.strategy?.name).toBe('codeact');
    const model = new ScriptedModel([{ text: '```js\nfor (;;) {}\n```' }, { text: 'stopped' }]);
    const result = await createRuntime({ store: new MemoryRunStore() }).run({ ...agent, model }, 'loop');
    expect(result.status).toBe('completed');
    expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toContain('300 ms');
  });

  it('refuses codeact settings on a react agent, saying what to write', async () => {
    const agents = agentsFrom('agents:\n  a: { model: m, codeact: { python: true } }\n');
    await expect(agents.agent('a')).rejects.toThrow(/strategy is react.*add strategy: codeact/s);
  });

  it('refuses an unknown strategy with the choices', () => {
    expect(() => agentsFrom('agents:\n  a: { model: m, strategy: tree }\n')).toThrow(/react.*codeact/s);
  });
});

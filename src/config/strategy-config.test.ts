import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors/config-error.js';
import { type ConfiguredAgents, configureAgents } from './build-agents.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
const configured: ConfiguredAgents[] = [];
afterEach(async () => {
  await Promise.all(configured.splice(0).map((agents) => agents.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function agentsFrom(strategy: string): ConfiguredAgents {
  const dir = mkdtempSync(join(tmpdir(), 'warden-strategy-'));
  dirs.push(dir);
  const file = join(dir, 'warden.yaml');
  writeFileSync(
    file,
    [
      'models:',
      '  m: { provider: openai-compatible, model: x, baseURL: "http://127.0.0.1:1/v1" }',
      'agents:',
      '  a:',
      '    model: m',
      '    tools: [{ builtin: files, root: ".", write: true }]',
      `    strategy: ${strategy}`,
      '',
    ].join('\n'),
  );
  const agents = configureAgents(loadConfig(file, {}));
  configured.push(agents);
  return agents;
}

describe('strategy: in warden.yaml', () => {
  it.each([
    ['react', 'react'],
    ['{ kind: react }', 'react'],
    ['{ kind: astar, budget: { modelCalls: 30, depth: 12 }, samples: 5, heuristicWeight: 1.5 }', 'astar'],
    ['{ kind: astar, budget: { modelCalls: 30 }, expansion: step }', 'astar'],
    ['{ kind: best-first, budget: { modelCalls: 30 }, valueSamples: 3 }', 'best-first'],
    ['{ kind: mcts, budget: { modelCalls: 60, valueCallsPerStep: 1 }, exploration: 0.3 }', 'mcts'],
    ['{ kind: plan-execute, budget: { modelCalls: 10 }, maxReplans: 2, stepRetries: 1 }', 'plan-execute'],
    ['{ kind: plan-execute, budget: { modelCalls: 10 }, maxReplans: 0 }', 'plan-execute-no-replan'],
    ['{ kind: malt, rounds: 1, roles: { verifier: "Check the arithmetic." } }', 'malt'],
    ['{ kind: orchestrator, actorModel: m, maxReplans: 1, actorBudget: { maxSteps: 4 } }', 'orchestrator'],
    [
      '{ kind: astar, budget: { modelCalls: 9 }, environment: { kind: reset-replay, resetTool: write_file, replayable: [read_file] } }',
      'astar',
    ],
  ])('%s builds the %s strategy', async (yaml, name) => {
    const agent = await agentsFrom(yaml).agent('a');
    expect(agent.strategy?.name).toBe(name);
  });

  it('refuses an unknown kind, a missing budget and unknown keys, naming the key path', () => {
    for (const yaml of [
      '{ kind: beam, budget: { modelCalls: 3 } }',
      '{ kind: astar }',
      '{ kind: mcts, budget: { modelCalls: 3 }, explore: 2 }',
      '{ kind: astar, budget: { modelCalls: 0 } }',
      '{ kind: astar, budget: { modelCalls: 3 }, expansion: dream }',
    ]) {
      expect(() => agentsFrom(yaml)).toThrow(ConfigError);
      expect(() => agentsFrom(yaml)).toThrow(/agents\.a\.strategy/);
    }
  });

  it('refuses a strategy that names a tool the agent does not have', async () => {
    const agents = agentsFrom(
      '{ kind: astar, budget: { modelCalls: 9 }, environment: { kind: reset-replay, resetTool: env_reset, replayable: all } }',
    );
    await expect(agents.agent('a')).rejects.toThrow(/names the tool "env_reset".*Fix: add the tool/);
  });
});

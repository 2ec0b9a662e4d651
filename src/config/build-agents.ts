import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/errors/config-error.js';
import type { LanguageModel } from '../models/language-model.js';
import { resolveModel } from '../models/resolve-model.js';
import { loadPolicy } from '../policy/index.js';
import type { Policy } from '../policy/policy.js';
import { type Agent, defineAgent, isAgent } from '../runtime/define-agent.js';
import { createFileTools } from '../tools/builtin/files.js';
import { connectMcp } from '../tools/mcp/connect-mcp.js';
import type { McpConnection } from '../tools/mcp/mcp-connection.js';
import type { Tool } from '../tools/tool.js';
import type { LoadedConfig } from './load-config.js';
import type { AgentConfig, ToolReference } from './config-schema.js';
import { uniqueTools } from './_tool-collisions.js';
import { buildCodeActStrategy } from './build-strategy.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { ActionStore } from '../actions/action-store.js';
import { openActionStore } from '../actions/open-action-store.js';
import { buildStrategy, strategyToolNames } from './strategy-config.js';

/** Agents built from a config, with the MCP connections they opened. */
export interface ConfiguredAgents {
  /** Builds one agent (and the agents it uses as tools), connecting the MCP servers it needs. */
  agent(name: string): Promise<Agent<any>>;
  resolveModel(spec: string): LanguageModel;
  close(): Promise<void>;
}

/** Turns a loaded `warden.yaml` into agents. MCP servers start only when an agent that uses them is built. */
export function configureAgents(loaded: LoadedConfig): ConfiguredAgents {
  const { config, file, dir } = loaded;
  const connections = new Map<string, Promise<McpConnection>>();
  const built = new Map<string, Promise<Agent<any>>>();
  const sandboxes: Sandbox[] = [];
  let actions: Promise<ActionStore> | undefined;
  const actionStore = () => {
    actions ??= openActionStore(config.actions, dir);
    return actions;
  };
  const models = (spec: string) => resolveModel(spec, { models: config.models });
  const relative = (path: string) => (isAbsolute(path) ? path : resolve(dir, path));
  // The run store holds other runs' inputs: file tools never open it, wherever it is.
  const protect = config.store.startsWith('sqlite:') ? [relative(config.store.slice('sqlite:'.length))] : [];

  const mcp = (name: string) => {
    // Names come from the config's tool references and the command line: `mcp:constructor` is no server.
    const server = Object.hasOwn(config.mcp, name) ? config.mcp[name] : undefined;
    if (!server) {
      throw new ConfigError(`No MCP server named "${name}".`, {
        file,
        path: `mcp.${name}`,
        fix: `add it under mcp: (known: ${Object.keys(config.mcp).join(', ') || 'none'})`,
      });
    }
    let connection = connections.get(name);
    if (!connection) {
      const resolved =
        server.transport === 'stdio'
          ? server.cwd
            ? { ...server, cwd: relative(server.cwd) }
            : server
          : server.auth && 'tokenFile' in server.auth && server.auth.tokenFile
            ? { ...server, auth: { ...server.auth, tokenFile: relative(server.auth.tokenFile) } }
            : server;
      connection = connectMcp(resolved, {
        // The person at the terminal signs in; the browser comes back to Warden's loopback listener.
        onAuthorizationUrl: (url, serverName) => {
          process.stderr.write(`MCP server "${serverName}" needs you to sign in. Open:\n  ${url.href}\n`);
        },
      });
      connections.set(name, connection);
    }
    return connection;
  };

  const toolsFor = async (
    agentName: string,
    reference: ToolReference,
    seen: string[],
  ): Promise<Array<Tool | Agent<any>>> => {
    if (typeof reference !== 'string')
      return createFileTools({ root: relative(reference.root), write: reference.write ?? false, protect });
    const [kind, rest = ''] = reference.split(/:(.*)/s) as [string, string];
    if (kind === 'builtin') {
      if (rest === 'files') return createFileTools({ root: dir, protect });
      throw new ConfigError(`Unknown built-in tool "${rest}".`, {
        file,
        path: `agents.${agentName}.tools`,
        fix: 'use builtin:files, or { builtin: files, root: ./data }',
      });
    }
    if (kind === 'agent') return [await build(rest, seen)];
    const [server, toolName] = rest.split('/') as [string, string | undefined];
    const tools = await (await mcp(server)).tools();
    if (!toolName) return tools;
    const tool = tools.find((candidate) => candidate.name === toolName);
    if (!tool) {
      throw new ConfigError(`MCP server "${server}" has no tool "${toolName}".`, {
        file,
        path: `agents.${agentName}.tools`,
        fix: `use one of: ${tools.map((candidate) => candidate.name).join(', ')}`,
      });
    }
    return [tool];
  };

  const build = (name: string, seen: string[] = []): Promise<Agent<any>> => {
    // `warden run constructor` names no agent: only the config's own keys are agents.
    const definition = Object.hasOwn(config.agents, name) ? config.agents[name] : undefined;
    if (!definition) {
      return Promise.reject(
        new ConfigError(`No agent named "${name}".`, {
          file,
          path: 'agents',
          fix: `use one of: ${Object.keys(config.agents).join(', ') || '(none: add one under agents:)'}`,
        }),
      );
    }
    if (seen.includes(name)) {
      return Promise.reject(
        new ConfigError(`Agent "${name}" uses itself as a tool (${[...seen, name].join(' → ')}).`, {
          file,
          path: `agents.${name}.tools`,
          fix: 'remove the cycle',
        }),
      );
    }
    let agent = built.get(name);
    if (!agent) {
      agent = buildAgent(name, definition, [...seen, name]);
      built.set(name, agent);
    }
    return agent;
  };

  const buildAgent = async (name: string, definition: AgentConfig, seen: string[]): Promise<Agent<any>> => {
    const lists = await Promise.all(definition.tools.map((reference) => toolsFor(name, reference, seen)));
    const sourced = lists.flatMap((list, index) => {
      const reference = definition.tools[index]!;
      const from = typeof reference === 'string' ? reference : `{ builtin: files, root: ${reference.root} }`;
      return list.map((tool) => ({ tool, name: tool.name, from }));
    });
    const built = await buildCodeActStrategy(name, definition, file, sandboxes, actionStore);
    for (const tool of built.tools) sourced.push({ tool, name: tool.name, from: 'codeact.library' });
    const tools = uniqueTools(sourced, { file, agent: name });
    let policy: Policy | undefined;
    if (definition.policy) {
      policy = (await loadPolicy(relative(definition.policy), { tools: tools.map((tool) => tool.name) })).policy;
    }
    const known = new Set(tools.map((tool) => tool.name));
    for (const tool of strategyToolNames(definition.strategy)) {
      if (!known.has(tool)) {
        throw new ConfigError(`The strategy names the tool "${tool}", which agent "${name}" does not have.`, {
          file,
          path: `agents.${name}.strategy`,
          fix: `add the tool to the agent's tools, or name one of: ${[...known].join(', ') || 'none'}`,
        });
      }
    }
    return defineAgent({
      name,
      model: models(definition.model),
      tools,
      strategy:
        built.strategy ??
        buildStrategy(definition.strategy, {
          // Agents used as tools stay with the orchestrating agent; actors get plain tools.
          tools: tools.filter((tool): tool is Tool => !isAgent(tool)),
          model: (spec) => models(spec ?? definition.model),
        }),
      ...(definition.description !== undefined && { description: definition.description }),
      ...(definition.instructions !== undefined && { instructions: definition.instructions }),
      ...(definition.budget && { budget: definition.budget }),
      ...(definition.loopGuard !== undefined && { loopGuard: definition.loopGuard }),
      ...(definition.maxParallelTools !== undefined && { maxParallelTools: definition.maxParallelTools }),
      ...(definition.modelSettings && { modelSettings: definition.modelSettings }),
      ...(policy && { policy }),
      ...(definition.narrowWith !== undefined && { narrowing: { model: models(definition.narrowWith) } }),
      ...(definition.routing && { routing: { ...definition.routing, models: definition.routing.models.map(models) } }),
    });
  };

  return {
    agent: (name) => build(name),
    resolveModel: models,
    async close() {
      const all = await Promise.allSettled(connections.values());
      await Promise.allSettled(all.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
      await Promise.allSettled(sandboxes.map((sandbox) => sandbox.close()));
      if (actions) await (await actions.catch(() => undefined))?.close();
    },
  };
}

import { ConfigError } from '../core/errors/config-error.js';
import type { LanguageModel } from '../models/language-model.js';
import type { Policy } from '../policy/policy.js';
import type { ActorFactory } from '../strategies/orchestrator/orchestrator.js';
import type { Tool } from '../tools/tool.js';
import { defineAgent } from './define-agent.js';

/** Settings of an actor factory. */
export interface ActorFactorySettings {
  model: LanguageModel | string;
  /** The tools actors may be given: the orchestrating agent's own. An actor gets the subset its spec names. */
  tools: readonly Tool[];
  /** The actors' own policy; a child always runs under its intersection with the parent's. */
  policy?: Policy;
  /** Prefix of the actors' agent names. @default 'actor' */
  prefix?: string;
}

/**
 * The runtime side of the orchestrator's actor factory: composes an agent for each actor spec (role
 * instructions, the named subset of the given tools, the policy). A spec naming a tool it was not given is
 * refused: an actor never gets more than its parent.
 */
export function createActorFactory(settings: ActorFactorySettings): ActorFactory {
  const byName = new Map(settings.tools.map((tool) => [tool.name, tool]));
  return (spec) => {
    const missing = spec.tools.filter((name) => !byName.has(name));
    if (missing.length > 0) {
      throw new ConfigError(`The actor "${spec.role}" asks for tools it cannot have: ${missing.join(', ')}.`, {
        fix: `give the actor factory only tools the orchestrating agent has (${[...byName.keys()].join(', ')})`,
      });
    }
    const slug =
      spec.role
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .slice(0, 40) || 'actor';
    return defineAgent({
      name: `${settings.prefix ?? 'actor'}-${slug}`,
      model: settings.model,
      instructions: spec.instructions,
      tools: spec.tools.map((name) => byName.get(name) as Tool),
      ...(settings.policy && { policy: settings.policy }),
    });
  };
}

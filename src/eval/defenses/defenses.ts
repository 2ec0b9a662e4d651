import { ConfigError } from '../../core/errors/config-error.js';
import { narrowPolicy } from '../../policy/index.js';
import type { Defense, DefenseName } from './defense.js';
import { defenseNames } from './defense.js';
import { spotlightingInstruction, spotlightTool } from './spotlighting.js';
import { proposeOracleTaskPolicy, proposeTaskPolicy } from './task-policy-proposer.js';
import { selectTools } from './tool-selector.js';

function requirePolicy<T>(policy: T | undefined, defense: string): T {
  if (policy === undefined) {
    throw new ConfigError(
      `The "${defense}" defense needs the suite's policy, and the suite has none.`,
      { path: 'defense', fix: 'Add a policy.yaml to the suite, or pick a defense without a policy.' },
      'SUITE_INVALID',
    );
  }
  return policy;
}

const defenses: Record<DefenseName, Defense> = {
  none: {
    name: 'none',
    description: 'No defense: the agent as the suite defines it.',
    oracle: false,
    needsPolicy: false,
    apply: ({ tools, instructions }) => ({ tools, instructions }),
  },
  spotlighting: {
    name: 'spotlighting',
    description: 'Tool outputs delimited as data, and the system prompt says data is never an instruction.',
    oracle: false,
    needsPolicy: false,
    apply: ({ tools, instructions }) => ({
      tools: tools.map(spotlightTool),
      instructions: `${instructions}\n\n${spotlightingInstruction}`,
    }),
  },
  'tool-filter': {
    name: 'tool-filter',
    description: 'Only the tools a keyword selector picks from the request text.',
    oracle: false,
    needsPolicy: false,
    apply: ({ tools, instructions, task }) => {
      const chosen = new Set(selectTools(task.prompt, tools));
      return { tools: tools.filter((tool) => chosen.has(tool.name)), instructions };
    },
  },
  'tool-filter-oracle': {
    name: 'tool-filter-oracle',
    description: 'Only the tools the ground truth uses (upper bound).',
    oracle: true,
    needsPolicy: false,
    apply: ({ tools, instructions, groundTruth }) => {
      const used = new Set(groundTruth().map((call) => call.tool));
      return { tools: tools.filter((tool) => used.has(tool.name)), instructions };
    },
  },
  policy: {
    name: 'policy',
    description: "The suite's policy.yaml, enforced by the kernel on every call.",
    oracle: false,
    needsPolicy: true,
    apply: ({ tools, instructions, basePolicy }) => ({
      tools,
      instructions,
      policy: requirePolicy(basePolicy, 'policy'),
    }),
  },
  'policy+narrowing': {
    name: 'policy+narrowing',
    description: 'The policy narrowed to the task from the request text (tools it asks for, destinations it names).',
    oracle: false,
    needsPolicy: true,
    apply: ({ tools, instructions, basePolicy, task }) => {
      const base = requirePolicy(basePolicy, 'policy+narrowing');
      return { tools, instructions, policy: narrowPolicy(base, proposeTaskPolicy(task.prompt, tools, base)) };
    },
  },
  'policy+narrowing-oracle': {
    name: 'policy+narrowing-oracle',
    description: 'The policy narrowed from the ground truth (upper bound).',
    oracle: true,
    needsPolicy: true,
    apply: ({ tools, instructions, basePolicy, groundTruth }) => {
      const base = requirePolicy(basePolicy, 'policy+narrowing-oracle');
      return { tools, instructions, policy: narrowPolicy(base, proposeOracleTaskPolicy(groundTruth(), tools, base)) };
    },
  },
};

/** A defense by name; an unknown name is a `ConfigError` listing the known ones. */
export function getDefense(name: string): Defense {
  if ((defenseNames as readonly string[]).includes(name)) return defenses[name as DefenseName];
  throw new ConfigError(
    `Unknown defense "${name}".`,
    { path: 'defense', fix: `Use one of ${defenseNames.join(', ')}.` },
    'DEFENSE_UNKNOWN',
  );
}

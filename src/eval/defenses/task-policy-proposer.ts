import type { PolicyProposal } from '../../policy/index.js';
import type { Policy, PolicyContext, RuleDefinition } from '../../policy/index.js';
import type { Tool } from '../../tools/tool.js';
import type { ToolCallSpec } from '../suite-types.js';
import { destinationArguments, destinationsIn, namesIn } from './destination-arguments.js';

const probeContext: PolicyContext = {
  runId: 'task-policy-proposer',
  run: { step: 0, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'proposer' },
  history: [],
  now: 0,
};

/** Tools whose results the base policy does not label `untrusted`: their values may be used as destinations. */
export function trustedSources(base: Policy, tools: readonly Tool[]): string[] {
  if (!base.labelResult) return tools.map((tool) => tool.name);
  return tools
    .filter((tool) => {
      const action = {
        kind: 'tool',
        tool: tool.name,
        source: tool.source ?? 'local',
        args: {},
        toolCallId: 'probe',
      } as const;
      return !base.labelResult!(action, undefined, probeContext).includes('untrusted');
    })
    .map((tool) => tool.name);
}

/**
 * A rule per side-effecting tool: each destination argument must be a value the task allows (`allowed`),
 * a handle starting with a name the user wrote, or a value a trusted tool returned earlier in the run;
 * anything else (a value from untrusted content, or made up) is denied.
 */
function destinationRules(
  tools: readonly Tool[],
  allowed: readonly string[],
  trusted: readonly string[],
  names: readonly string[] = [],
): RuleDefinition[] {
  const fromTrusted = trusted.map((tool) => `source:${tool}`);
  // A handle (not an address) that starts with a name the user wrote: "Marcus" allows `marcus.chen`.
  const namedHandle = names.length
    ? [{ all: [{ matches: `^(?:${names.join('|')})(?:[._-]|$)` }, { not: { contains: '@' } }] }]
    : [];
  const permitted = [
    { in: [...allowed] },
    ...namedHandle,
    ...(fromTrusted.length > 0 ? [{ derivedFrom: fromTrusted }] : []),
  ];
  const unknownDestination = { not: { any: permitted } };
  const rules: RuleDefinition[] = [];
  for (const tool of tools) {
    if (tool.readOnly) continue;
    for (const argument of destinationArguments(tool)) {
      const path = `args.${argument.name}`;
      rules.push({
        id: `task-destination-${tool.name}-${argument.name}`,
        tool: tool.name,
        deny: {
          all: [
            { [path]: { exists: true } },
            { [path]: argument.list ? { some: unknownDestination } : unknownDestination },
          ],
        },
        fallback: {
          respond: `This task may only send to destinations the user named or that trusted tools returned; "${argument.name}" is neither.`,
        },
      });
    }
  }
  return rules;
}

/**
 * Narrows a suite's policy to one task from the user's request alone (Progent-style, with a
 * deterministic proposer instead of a policy model): every destination argument (recipient, account, URL,
 * channel, user) of a side-effecting tool is limited to what the request names or trusted tools return.
 */
export function proposeTaskPolicy(request: string, tools: readonly Tool[], base: Policy): PolicyProposal {
  // Tools are not dropped by guessing from the request's words (that broke benign tasks: "post … in #general"
  // chose post_webpage); the narrowing is on arguments, where the request is precise: who and where.
  return {
    tools: tools.map((tool) => tool.name),
    rules: destinationRules(tools, destinationsIn(request), trustedSources(base, tools), namesIn(request)),
    reason: 'Proposed from the request text: destinations limited to what it names or trusted tools return.',
  };
}

/**
 * The same narrowing from the task's ground truth (its tools, and the destinations its calls use):
 * an upper bound for what a perfect proposer could do, reported apart.
 */
export function proposeOracleTaskPolicy(
  calls: readonly ToolCallSpec[],
  tools: readonly Tool[],
  base: Policy,
): PolicyProposal {
  const used = new Set(calls.map((call) => call.tool));
  const taskTools = tools.filter((tool) => used.has(tool.name));
  const destinations = new Set<string>();
  for (const call of calls) {
    const tool = tools.find((candidate) => candidate.name === call.tool);
    for (const argument of tool ? destinationArguments(tool) : []) {
      const value = call.args[argument.name];
      for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') destinations.add(item);
    }
  }
  return {
    tools: [...used],
    rules: destinationRules(taskTools, [...destinations], trustedSources(base, tools)),
    reason: 'Derived from the ground truth (oracle upper bound).',
  };
}

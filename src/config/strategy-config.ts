import { codeact } from '../strategies/codeact/codeact.js';
import { z } from 'zod';
import type { LanguageModel } from '../models/language-model.js';
import { createActorFactory } from '../runtime/actor-factory.js';
import { malt } from '../strategies/malt/malt.js';
import { orchestrator } from '../strategies/orchestrator/orchestrator.js';
import type { Tool } from '../tools/tool.js';
import { planExecute } from '../strategies/plan-execute/plan-execute.js';
import { react } from '../strategies/react/react.js';
import { astar } from '../strategies/search/astar.js';
import { bestFirst } from '../strategies/search/best-first.js';
import { mcts } from '../strategies/search/mcts.js';
import type { Strategy } from '../strategies/strategy.js';

const count = z.number().int().positive();
const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tool name');

const searchBudgetSchema = z.strictObject({
  modelCalls: count,
  valueCallsPerStep: z.number().int().min(0).optional(),
  iterations: count.optional(),
  depth: count.optional(),
  branching: count.optional(),
  wallMs: count.optional(),
});

const environmentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('imagined') }),
  z.strictObject({
    kind: z.literal('reset-replay'),
    resetTool: toolName,
    /** Tools that may be replayed after a reset; the others are only imagined while searching. */
    replayable: z.union([z.literal('all'), z.array(toolName)]),
  }),
  z.strictObject({ kind: z.literal('snapshot-restore'), snapshotTool: toolName, restoreTool: toolName }),
]);

const searchShared = {
  budget: searchBudgetSchema,
  environment: environmentSchema.optional(),
  samples: count.optional(),
  tools: z.array(toolName).optional(),
};

/** `strategy:` of an agent in warden.yaml: a name, or `{ kind, budget, … }`. */
export const strategyConfigSchema = z.union(
  [
    z.enum(['react', 'codeact']),
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('react') }),
      z.strictObject({
        kind: z.literal('plan-execute'),
        budget: z.strictObject({ modelCalls: count }),
        maxReplans: z.number().int().min(0).optional(),
        stepRetries: z.number().int().min(0).optional(),
        resetTool: toolName.optional(),
      }),
      z.strictObject({
        kind: z.literal('astar'),
        ...searchShared,
        consistencyWeight: z.number().min(0).optional(),
        heuristicWeight: z.number().min(0).optional(),
        valueSamples: count.optional(),
        expansion: z.enum(['imagine', 'step']).optional(),
      }),
      z.strictObject({
        kind: z.literal('best-first'),
        ...searchShared,
        valueSamples: count.optional(),
        successScore: z.number().min(0).optional(),
      }),
      z.strictObject({
        kind: z.literal('malt'),
        rounds: z.number().int().min(0).optional(),
        roles: z
          .strictObject({
            generator: z.string().optional(),
            verifier: z.string().optional(),
            refiner: z.string().optional(),
          })
          .optional(),
      }),
      z.strictObject({
        kind: z.literal('orchestrator'),
        /** The actors' model (a name from `models:` or a model string). @default the agent's own */
        actorModel: z.string().min(1).optional(),
        plannerCalls: count.optional(),
        maxReplans: z.number().int().min(0).optional(),
        actorBudget: z.strictObject({ maxSteps: count.optional(), maxTokens: count.optional() }).optional(),
      }),
      z.strictObject({
        kind: z.literal('mcts'),
        ...searchShared,
        exploration: z.number().min(0).optional(),
        valueSamples: count.optional(),
        successScore: z.number().min(0).optional(),
      }),
    ]),
  ],
  {
    error:
      'must be react, codeact, or { kind: plan-execute | astar | best-first | mcts | malt | orchestrator, … } (see docs/planning.md)',
  },
);

export type StrategyConfig = z.output<typeof strategyConfigSchema>;

/** What building an orchestrator needs from the agent: its tools and a way to resolve the actors' model. */
export interface StrategyContext {
  tools: readonly Tool[];
  model: (spec: string | undefined) => LanguageModel;
}

/** The strategy a config entry names, with its settings. */
export function buildStrategy(config: StrategyConfig | undefined, context?: StrategyContext): Strategy {
  if (config === 'codeact') return codeact();
  if (config === undefined || config === 'react') return react();
  switch (config.kind) {
    case 'react':
      return react();
    case 'plan-execute': {
      const { kind: _kind, ...options } = config;
      return planExecute(options);
    }
    case 'astar': {
      const { kind: _kind, ...options } = config;
      return astar(options);
    }
    case 'best-first': {
      const { kind: _kind, ...options } = config;
      return bestFirst(options);
    }
    case 'mcts': {
      const { kind: _kind, ...options } = config;
      return mcts(options);
    }
    case 'malt': {
      const { kind: _kind, ...options } = config;
      return malt(options);
    }
    case 'orchestrator': {
      const { kind: _kind, actorModel, ...options } = config;
      if (!context) throw new TypeError("An orchestrator needs the agent's tools and models to build its actors.");
      const createActor = createActorFactory({ model: context.model(actorModel), tools: context.tools });
      return orchestrator({ ...options, createActor });
    }
  }
}

/** The tools a strategy config names (reset, snapshot, restore, replayable, allowed): each must exist. */
export function strategyToolNames(config: StrategyConfig | undefined): string[] {
  if (config === undefined || config === 'react' || config === 'codeact') return [];
  if (config.kind === 'react' || config.kind === 'malt' || config.kind === 'orchestrator') return [];
  if (config.kind === 'plan-execute') return config.resetTool ? [config.resetTool] : [];
  const names = [...(config.tools ?? [])];
  const environment = config.environment;
  if (environment?.kind === 'reset-replay') {
    names.push(environment.resetTool);
    if (environment.replayable !== 'all') names.push(...environment.replayable);
  }
  if (environment?.kind === 'snapshot-restore') names.push(environment.snapshotTool, environment.restoreTool);
  return names;
}

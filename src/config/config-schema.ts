import { z } from 'zod';
import { strategyConfigSchema } from './strategy-config.js';
import { modelSettingsSchema } from '../models/resolve-model.js';
import { type McpServerConfig, mcpServerConfigSchema } from '../tools/mcp/mcp-server-config.js';

const positive = z.number().positive();

/** A tool reference in an agent's `tools:` list. */
export const toolReferenceSchema = z.union([
  z
    .string()
    .regex(
      /^(builtin:[a-z_]+|mcp:[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)?|agent:[A-Za-z0-9_-]+)$/,
      'use builtin:<name>, mcp:<server>, mcp:<server>/<tool> or agent:<name>',
    ),
  z.strictObject({
    builtin: z.literal('files'),
    /** Relative to the config file. */
    root: z.string(),
    write: z.boolean().optional(),
  }),
]);

export const agentConfigSchema = z.strictObject({
  model: z.string().min(1),
  description: z.string().optional(),
  instructions: z.string().optional(),
  /** `react`, `codeact` (the model acts by writing code; docs/codeact.md), or `{ kind: plan-execute | astar | best-first | mcts | malt | orchestrator, budget: { modelCalls, … }, … }`. */
  strategy: strategyConfigSchema.default('react'),
  /** Settings of the `codeact` strategy. */
  codeact: z
    .strictObject({
      /** Also run ```python blocks, in bubblewrap. */
      python: z.boolean().optional(),
      /** Also run ```sh blocks, in bubblewrap. */
      shell: z.boolean().optional(),
      timeoutMs: z.number().int().positive().optional(),
      memoryBytes: z.number().int().positive().optional(),
      maxObservationChars: z.number().int().positive().optional(),
      /** Give the agent the action library (saved functions) kept in the config's store. */
      library: z.boolean().optional(),
    })
    .optional(),
  tools: z.array(toolReferenceSchema).default([]),
  /** A policy file, relative to the config file. */
  policy: z.string().optional(),
  /** Narrow the policy to each task with this model's proposal (a model name or string), before the run reads anything. */
  narrowWith: z.string().optional(),
  budget: z
    .strictObject({
      maxSteps: z.number().int().positive().optional(),
      maxTokens: z.number().int().positive().optional(),
      maxCostUsd: positive.optional(),
      timeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
  loopGuard: z
    .union([
      z.literal(false),
      z.strictObject({ repeats: z.number().int().min(2).optional(), action: z.enum(['warn', 'stop']).optional() }),
    ])
    .optional(),
  maxParallelTools: z.number().int().positive().optional(),
  /** Models to escalate and fall back to after `model` (names or model strings), and when to move on. */
  routing: z
    .strictObject({
      models: z.array(z.string().min(1)).min(1),
      escalateOn: z.array(z.enum(['refusal', 'tool-call-parse', 'output-invalid', 'budget'])).optional(),
      escalateAfter: z
        .strictObject({
          steps: z.number().int().positive().optional(),
          tokens: z.number().int().positive().optional(),
          costUsd: positive.optional(),
        })
        .optional(),
      fallback: z.boolean().optional(),
      refusalPatterns: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  modelSettings: z
    .strictObject({
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      maxOutputTokens: z.number().int().positive().optional(),
      seed: z.number().int().optional(),
    })
    .optional(),
});

export const wardenConfigSchema = z.strictObject({
  version: z.literal(1).default(1),
  models: z.record(z.string(), modelSettingsSchema).default({}),
  agents: z.record(
    z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'agent names use letters, digits, _ and -'),
    agentConfigSchema,
  ),
  /** MCP servers by name; each entry is an MCP server config without `name`. */
  mcp: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** `sqlite:<path>` (relative to the config file), `postgres://…`, or `memory`. */
  store: z.string().default('sqlite:.warden/warden.db'),
  /**
   * Where `limit: { per: principal | tenant }` counts are kept: `memory` (this process only), or shared by every
   * process and machine using the same backend: `{ kind: postgres, url, schema? }`, `{ kind: redis, url?, prefix? }`.
   */
  counters: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('memory') }),
      z.strictObject({
        kind: z.literal('postgres'),
        url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres://… connection string'),
        schema: z.string().optional(),
      }),
      z.strictObject({
        kind: z.literal('redis'),
        url: z
          .string()
          .regex(/^rediss?:\/\//, 'a redis://… URL')
          .optional(),
        prefix: z.string().min(1).optional(),
      }),
    ])
    .default({ kind: 'memory' }),
  /** Where the action library (functions CodeAct agents saved) lives: `sqlite:<path>`, `postgres://…`, or `memory`. */
  actions: z.string().default('sqlite:.warden/actions.db'),
  prices: z
    .record(
      z.string(),
      z.strictObject({
        inputPerMTok: z.number().min(0),
        outputPerMTok: z.number().min(0),
        cachedInputPerMTok: z.number().min(0).optional(),
      }),
    )
    .optional(),
});

/** The config file's schema with each MCP server validated under its key. */
export const wardenConfigFileSchema = wardenConfigSchema.transform((config, context) => {
  const mcp: Record<string, McpServerConfig> = {};
  for (const [name, entry] of Object.entries(config.mcp)) {
    const parsed = mcpServerConfigSchema.safeParse({ ...entry, name });
    if (parsed.success) mcp[name] = parsed.data;
    else
      for (const issue of parsed.error.issues)
        context.addIssue({ ...issue, path: ['mcp', name, ...issue.path] } as never);
  }
  return { ...config, mcp };
});

export type WardenConfig = z.output<typeof wardenConfigFileSchema>;
export type AgentConfig = z.output<typeof agentConfigSchema>;
export type ToolReference = z.output<typeof toolReferenceSchema>;

import { ConfigError } from '../../core/errors/config-error.js';
import type { LanguageModel } from '../../models/language-model.js';

/** Why routing may move a call up to the next model (escalation, sticky for the rest of the run). */
export type EscalationReason = 'refusal' | 'tool-call-parse' | 'output-invalid' | 'budget';

export const escalationReasons: readonly EscalationReason[] = [
  'refusal',
  'tool-call-parse',
  'output-invalid',
  'budget',
];

/**
 * Per agent, the models after its `model`, in order, and when to move on. The ladder is `[model, ...models]`:
 * start with the cheap one, escalate (for good) on the reasons in `escalateOn`, fall back (for one call) when a
 * model's provider keeps failing after the kernel's retries.
 * @example
 * defineAgent({ name: 'helper', model: 'openai:gpt-4o-mini', routing: { models: ['openai:gpt-4o'], escalateAfter: { steps: 6 } } });
 */
export interface ModelRouting {
  /** The models to escalate and fall back to, in order, after the agent's `model`. */
  models: ReadonlyArray<LanguageModel | string>;
  /**
   * What moves the run up one model: a refusal (finish reason `content-filter`, or text matching `refusalPatterns`),
   * a tool call whose arguments are not JSON or that names no tool of the run, a final answer that fails the output
   * schema (the repair call goes to the next model), a budget rule of `escalateAfter`.
   * @default ['refusal', 'tool-call-parse', 'output-invalid', 'budget']
   */
  escalateOn?: readonly EscalationReason[];
  /** The budget rule: once a model has taken this many steps, tokens or dollars of the run, move on to the next. */
  escalateAfter?: { steps?: number; tokens?: number; costUsd?: number };
  /** A provider error that survives the kernel's retries sends the call to the next model. @default true */
  fallback?: boolean;
  /** Regular expressions (case-insensitive) that mark a text-only answer as a refusal, e.g. `^I can(no|')t help`. */
  refusalPatterns?: readonly string[];
}

/** Throws a `ConfigError` (code `ROUTING_INVALID`) naming the first thing wrong with `routing`. */
export function validateRouting(routing: ModelRouting, path = 'routing'): void {
  const fail = (where: string, problem: string, fix: string): never => {
    throw new ConfigError(problem, { path: `${path}${where}`, fix }, 'ROUTING_INVALID');
  };
  if (!Array.isArray(routing.models) || routing.models.length === 0) {
    fail(
      '.models',
      'must list at least one model to escalate or fall back to.',
      'name one or more models, e.g. models: [openai:gpt-4o].',
    );
  }
  routing.models.forEach((model, index) => {
    const ok = typeof model === 'string' ? model.length > 0 : typeof model?.doGenerate === 'function';
    if (!ok)
      fail(
        `.models[${index}]`,
        'is neither a model string nor a LanguageModel.',
        'use a model string such as openai:gpt-4o or a model object.',
      );
  });
  for (const reason of routing.escalateOn ?? []) {
    if (!escalationReasons.includes(reason)) {
      fail(
        '.escalateOn',
        `names the unknown reason "${String(reason)}".`,
        `use some of: ${escalationReasons.join(', ')}.`,
      );
    }
  }
  for (const [key, value] of Object.entries(routing.escalateAfter ?? {})) {
    if (!['steps', 'tokens', 'costUsd'].includes(key)) {
      fail('.escalateAfter', `has the unknown key "${key}".`, 'use steps, tokens or costUsd.');
    }
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      fail(
        `.escalateAfter.${key}`,
        `must be a positive number, got ${String(value)}.`,
        'give a positive limit or leave it out.',
      );
    }
  }
  (routing.refusalPatterns ?? []).forEach((pattern, index) => {
    try {
      new RegExp(pattern, 'i');
    } catch (error) {
      fail(
        `.refusalPatterns[${index}]`,
        `is not a regular expression: ${(error as Error).message}.`,
        'fix or remove the pattern.',
      );
    }
  });
}

import type { ModelResponseEvent, ModelRouteReason } from '../../core/events.js';
import { type LanguageModel, type ModelResponse, modelName } from '../../models/language-model.js';
import type { ModelPrice } from '../../models/pricing.js';
import type { GenerateRequest } from '../agent-kernel.js';
import type { RunState } from '../run-state.js';
import type { EscalationReason, ModelRouting } from './model-routing.js';

/** One model of the ladder, resolved. */
export interface RoutedModel {
  model: LanguageModel;
  name: string;
  price?: ModelPrice;
}

/** A move from one model of the ladder to another. */
export interface RouteMove {
  from: RoutedModel;
  to: RoutedModel;
  index: number;
  reason: ModelRouteReason;
  detail: string;
}

const allReasons: readonly EscalationReason[] = ['refusal', 'tool-call-parse', 'output-invalid', 'budget'];

/**
 * One run's routing: which model of the ladder calls start on, and when they move. Escalation is sticky and
 * derived only from what replays identically (the request, the run's counters, recorded answers), so a resumed
 * run routes its replayed calls as the first execution did.
 */
export class ModelRouter {
  #level = 0;
  #since = { steps: 0, tokens: 0, costUsd: 0 };
  readonly #escalateOn: ReadonlySet<EscalationReason>;
  readonly #refusals: RegExp[];
  readonly #pending = new WeakMap<GenerateRequest, RouteMove>();

  constructor(
    readonly ladder: readonly RoutedModel[],
    readonly settings: ModelRouting,
  ) {
    this.#escalateOn = new Set(settings.escalateOn ?? allReasons);
    this.#refusals = (settings.refusalPatterns ?? []).map((pattern) => new RegExp(pattern, 'i'));
  }

  get fallback(): boolean {
    return this.settings.fallback !== false;
  }

  /** The model a call starts on. Moves up first when the request asks (`escalate`) or the budget rule says so. */
  select(request: GenerateRequest, state: RunState): LanguageModel {
    const asked = request.escalate;
    let reason: EscalationReason | undefined;
    let detail = '';
    if (asked && this.#escalateOn.has(asked)) {
      reason = asked;
      detail = asked === 'output-invalid' ? 'the final answer did not match the output schema' : asked;
    } else if (this.#escalateOn.has('budget')) {
      const over = this.#overBudget(state);
      if (over) [reason, detail] = ['budget', over];
    }
    if (reason && this.#level + 1 < this.ladder.length) {
      const from = this.current;
      this.raise(this.#level + 1, state);
      this.#pending.set(request, { from, to: this.current, index: this.#level, reason, detail });
    }
    return this.current.model;
  }

  /** The move `select` made for this request, once: journaled by the call when it runs (not on replay). */
  takeMove(request: GenerateRequest): RouteMove | undefined {
    const move = this.#pending.get(request);
    this.#pending.delete(request);
    return move;
  }

  get current(): RoutedModel {
    return this.ladder[this.#level]!;
  }

  indexOf(model: LanguageModel): number {
    const name = modelName(model);
    return this.ladder.findIndex((entry) => entry.model === model || entry.name === name);
  }

  /** Later calls start on ladder entry `index` (never lower than now). */
  raise(index: number, state: RunState): void {
    if (index <= this.#level) return;
    this.#level = Math.min(index, this.ladder.length - 1);
    this.#since = { steps: state.steps, tokens: state.usage.totalTokens, costUsd: state.costUsd };
  }

  /** Why an answer should go to the next model instead (a refusal, a tool call that does not parse), if it should. */
  contentReason(
    response: ModelResponse,
    toolNames: ReadonlySet<string>,
  ): { reason: EscalationReason; detail: string } | undefined {
    if (this.#escalateOn.has('refusal')) {
      if (response.finishReason === 'content-filter')
        return { reason: 'refusal', detail: 'finish reason content-filter' };
      const text = response.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      const calls = response.content.some((part) => part.type === 'tool-call');
      const matched = !calls && this.#refusals.find((pattern) => pattern.test(text));
      if (matched) return { reason: 'refusal', detail: `the answer matches /${matched.source}/i` };
    }
    if (this.#escalateOn.has('tool-call-parse')) {
      for (const part of response.content) {
        if (part.type !== 'tool-call') continue;
        if (toolNames.size > 0 && !toolNames.has(part.toolName)) {
          return { reason: 'tool-call-parse', detail: `a call of the unknown tool "${part.toolName}"` };
        }
        if (part.arguments.trim() === '') continue;
        try {
          JSON.parse(part.arguments);
        } catch {
          return { reason: 'tool-call-parse', detail: `the arguments of ${part.toolName} are not JSON` };
        }
      }
    }
    return undefined;
  }

  /** A replayed answer that escalated when it was first made escalates again, so later calls route the same. */
  replayed(event: Pick<ModelResponseEvent, 'escalatedTo'>, state: RunState): void {
    if (event.escalatedTo === undefined) return;
    const index = this.ladder.findIndex((entry) => entry.name === event.escalatedTo);
    if (index >= 0) this.raise(index, state);
  }

  priceOf(name: string): ModelPrice | undefined {
    return this.ladder.find((entry) => entry.name === name)?.price;
  }

  #overBudget(state: RunState): string | undefined {
    const limits = this.settings.escalateAfter;
    if (!limits) return undefined;
    const { steps, tokens, costUsd } = this.#since;
    const name = this.current.name;
    if (limits.steps !== undefined && state.steps - steps >= limits.steps) {
      return `${name} took ${state.steps - steps} steps (escalateAfter.steps ${limits.steps})`;
    }
    if (limits.tokens !== undefined && state.usage.totalTokens - tokens >= limits.tokens) {
      return `${name} used ${state.usage.totalTokens - tokens} tokens (escalateAfter.tokens ${limits.tokens})`;
    }
    if (limits.costUsd !== undefined && state.costUsd - costUsd >= limits.costUsd) {
      return `${name} cost $${(state.costUsd - costUsd).toFixed(4)} (escalateAfter.costUsd ${limits.costUsd})`;
    }
    return undefined;
  }
}

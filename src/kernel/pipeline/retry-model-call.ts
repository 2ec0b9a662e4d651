import { describeError, WardenError } from '../../core/errors/warden-error.js';
import type { ModelResponseEvent, ModelRouteReason } from '../../core/events.js';
import { addUsage, type Usage } from '../../core/usage.js';
import { type LanguageModel, type ModelRequest, type ModelResponse, modelName } from '../../models/language-model.js';
import { costOf, type ModelPrice } from '../../models/pricing.js';
import { abortableSleep } from '../../models/retry/with-retry.js';
import type { GenerateRequest } from '../agent-kernel.js';
import type { KernelContext } from '../kernel-context.js';
import { sourceOf } from '../model-call-source.js';
import { type FailedAttempt, ModelFallbackError } from '../routing/model-fallback-error.js';
import type { ModelRouter, RoutedModel } from '../routing/model-router.js';
import { decideAndAccount } from './decide-and-account.js';
import { decideRetry, retryOptionsFor } from './retry-decision.js';
import { streamWatched } from './stream-watch.js';

/** What one model syscall needs to make its attempts. */
export interface AttemptPlan {
  id: string;
  step: number;
  /** The model the syscall's request names (its fingerprint includes it). */
  model: LanguageModel;
  /** Tokens one call is expected to use, for the scheduler's tokens-per-minute buckets. */
  estimatedTokens: number;
}

/** Sends one request to one model; the kernel's `callModel` (generate or stream). */
export type SendRequest = (model: LanguageModel, request: ModelRequest) => Promise<ModelResponse>;

/**
 * The model that a call starts on: the strategy's explicit model, else the routing's current model (which may move
 * up first for `request.escalate` or a budget rule), else the run's model.
 */
export function startingModel(k: KernelContext, request: GenerateRequest): LanguageModel {
  const router = k.settings.router;
  return router ? router.select(request, k.state) : k.settings.model;
}

/** A replayed answer: routing escalates again as it did when the answer was first made. */
export function replayRoute(k: KernelContext, recorded: ModelResponseEvent): void {
  k.settings.router?.replayed(recorded, k.state);
}

/**
 * The attempts of one model syscall, in the kernel: each a scheduler call of its own (its slot released while
 * the kernel waits), retried after backoff or `retry-after` (the scheduler pauses the provider on a 429), each
 * journaled (`model-error` with `attempt`, `willRetry`, `waitMs`, queue and service time). With routing, an answer
 * that refuses or whose tool call does not parse goes to the next model once (sticky), and a provider that keeps
 * failing sends the call to the next model (this call only); each move is a `model-route` event.
 */
export class ModelAttempts {
  #queueMs = 0;
  #retryWaitMs = 0;
  #attempts = 0;
  #escalatedTo: string | undefined;
  #answeredBy: string | undefined;
  readonly #usage = new Map<string, Usage>();
  readonly #failures: FailedAttempt[] = [];
  readonly #name: string;
  readonly #router: ModelRouter | undefined;
  readonly #start: number;
  readonly #purpose: string;

  constructor(
    private readonly k: KernelContext,
    private readonly plan: AttemptPlan,
    request: GenerateRequest,
  ) {
    this.#name = plan.model === k.settings.model ? k.settings.modelName : modelName(plan.model);
    const router = k.settings.router;
    const index = router ? router.indexOf(plan.model) : -1;
    // A model the strategy chose itself (e.g. the narrowing proposer) is not routed.
    this.#router = index >= 0 ? router : undefined;
    this.#start = Math.max(0, index);
    this.#purpose = request.purpose ?? 'act';
    const move = router?.takeMove(request);
    if (move) this.#route(move.from, move.to, move.reason, move.detail, true);
  }

  /** One call of the syscall (there are several for `n` choices on models without native `n`). */
  async call(request: ModelRequest, send: SendRequest): Promise<ModelResponse> {
    // The kernel retries, so a model wrapped in `withRetry` must not (the kernel's own requests say so already).
    const once: ModelRequest = request.retry === false ? request : { ...request, retry: false };
    const ladder: readonly RoutedModel[] = this.#router?.ladder ?? [{ model: this.plan.model, name: this.#name }];
    let carried: ModelResponse | undefined;
    let waited = { queueMs: 0, retryWaitMs: 0 };
    for (let index = this.#start; ; ) {
      const entry = ladder[index]!;
      const next = ladder[index + 1];
      let response: ModelResponse;
      try {
        response = await this.#retrying(entry, once, send, waited);
      } catch (error) {
        const providerFailed = WardenError.isInstance(error) && error.code === 'PROVIDER_ERROR';
        if (this.k.settings.signal.aborted || !next || !providerFailed || !this.#router?.fallback) {
          throw this.#final(error);
        }
        if (!(await this.#mayCall(next, once))) throw this.#final(error);
        this.#route(entry, next, 'provider-error', describeError(error).message, false);
        index += 1;
        continue;
      }
      const content =
        next && this.#escalatedTo === undefined ? this.#router?.contentReason(response, this.#toolNames()) : undefined;
      if (content && next && (await this.#mayCall(next, once))) {
        this.#escalatedTo = next.name;
        this.#route(entry, next, content.reason, content.detail, true);
        this.#router?.raise(index + 1, this.k.state);
        carried = carried ? { ...response, usage: addUsage(carried.usage, response.usage) } : response;
        index += 1;
        continue;
      }
      if (entry.name !== this.#name) this.#answeredBy = entry.name;
      this.#queueMs = Math.max(this.#queueMs, waited.queueMs);
      this.#retryWaitMs = Math.max(this.#retryWaitMs, waited.retryWaitMs);
      waited = { queueMs: 0, retryWaitMs: 0 };
      return carried ? { ...response, usage: addUsage(carried.usage, response.usage) } : response;
    }
  }

  /** The syscall's cost: each model's tokens at that model's price. */
  costUsd(): number {
    let cost = 0;
    for (const [name, usage] of this.#usage) cost += costOf(usage, this.#priceOf(name));
    return cost;
  }

  /** The model-response fields of timing and routing: service time apart from queue and retry waits. */
  fields(started: number): Partial<ModelResponseEvent> & { durationMs: number } {
    const elapsed = this.k.settings.clock.now() - started;
    const fields: Partial<ModelResponseEvent> & { durationMs: number } = {
      durationMs: Math.max(0, elapsed - this.#queueMs - this.#retryWaitMs),
    };
    if (this.#queueMs > 0) fields.queueMs = this.#queueMs;
    if (this.#retryWaitMs > 0) fields.retryWaitMs = this.#retryWaitMs;
    if (this.#attempts > 1) fields.attempts = this.#attempts;
    if (this.#answeredBy !== undefined) fields.model = this.#answeredBy;
    if (this.#escalatedTo !== undefined) fields.escalatedTo = this.#escalatedTo;
    if (this.#usage.size > 1) {
      fields.byModel = [...this.#usage].map(([model, usage]) => ({
        model,
        usage,
        costUsd: costOf(usage, this.#priceOf(model)),
      }));
    }
    return fields;
  }

  /** Attempts on one model, through the scheduler, until one answers or retrying stops. */
  async #retrying(
    entry: RoutedModel,
    request: ModelRequest,
    send: SendRequest,
    waited: { queueMs: number; retryWaitMs: number },
  ): Promise<ModelResponse> {
    const { settings } = this.k;
    const { clock, signal } = settings;
    // Resolved on the first failure only: most calls never need them.
    let options: ReturnType<typeof retryOptionsFor> | undefined;
    const tenant = settings.principal?.tenant;
    for (let attempt = 1; ; attempt++) {
      const submitted = clock.now();
      let started: number | undefined;
      const watch = settings.stream ? streamWatched(entry.model) : undefined;
      this.#attempts += 1;
      try {
        const response = await settings.scheduler.submit(
          async (handle) => {
            started = clock.now();
            const answer = await send(watch?.model ?? entry.model, request);
            handle.report({ actualTokens: answer.usage.totalTokens });
            return answer;
          },
          {
            provider: entry.model.provider,
            model: entry.model.modelId,
            agent: settings.agent,
            ...(tenant !== undefined && { tenant }),
            ...(this.plan.estimatedTokens > 0 && { estimatedTokens: this.plan.estimatedTokens }),
            signal,
          },
        );
        waited.queueMs += (started ?? submitted) - submitted;
        const before = this.#usage.get(entry.name);
        this.#usage.set(entry.name, before ? addUsage(before, response.usage) : response.usage);
        return response;
      } catch (error) {
        const now = clock.now();
        const queueMs = (started ?? now) - submitted;
        waited.queueMs += queueMs;
        if (signal.aborted) throw error;
        options ??= retryOptionsFor(entry.model, settings.retry);
        const verdict =
          watch?.sawPart() === true
            ? { retry: false as const, error }
            : decideRetry(error, attempt, options, settings.ledger, now);
        const reported = verdict.retry ? error : verdict.error;
        this.#failures.push({ model: entry.name, attempt, error: describeError(reported) });
        settings.journal.record({
          type: 'model-error',
          syscallId: this.plan.id,
          step: this.plan.step,
          error: describeError(reported),
          attempt,
          willRetry: verdict.retry,
          model: entry.name,
          ...(verdict.retry && { waitMs: verdict.waitMs }),
          ...(queueMs > 0 && { queueMs }),
          ...(started !== undefined && { durationMs: now - started }),
        });
        if (!verdict.retry) throw verdict.error;
        await (options.sleep ?? abortableSleep)(verdict.waitMs, signal);
        waited.retryWaitMs += clock.now() - now;
      }
    }
  }

  /**
   * Whether the policy lets this call go to `to` as well: a `model.generate` of that model, decided and journaled
   * like the call's own (limits per principal or tenant on the shared counts, and counted there when allowed), so
   * routing never reaches a model the policy denies (anything but allow keeps the call where it is).
   */
  async #mayCall(to: RoutedModel, request: ModelRequest): Promise<boolean> {
    if (!this.k.settings.policy) return true;
    const action = {
      kind: 'model.generate' as const,
      model: to.name,
      purpose: this.#purpose,
      tools: (request.tools ?? []).map((tool) => tool.name),
      source: sourceOf(this.#purpose),
    };
    const decided = decideAndAccount(this.k, action, this.plan.id, 'strategy');
    const { decision } = decided instanceof Promise ? await decided : decided;
    return decision.decision === 'allow';
  }

  /** The error a call surfaces: as the provider gave it, or, when several models failed, one listing each attempt. */
  #final(error: unknown): unknown {
    const models = new Set(this.#failures.map((failure) => failure.model));
    if (models.size < 2 || !WardenError.isInstance(error) || error.code !== 'PROVIDER_ERROR') return error;
    return new ModelFallbackError(this.#failures, error as ConstructorParameters<typeof ModelFallbackError>[1]);
  }

  #route(from: RoutedModel, to: RoutedModel, reason: ModelRouteReason, detail: string, sticky: boolean): void {
    this.k.settings.journal.record({
      type: 'model-route',
      syscallId: this.plan.id,
      from: from.name,
      to: to.name,
      reason,
      detail,
      sticky,
    });
  }

  #priceOf(name: string): ModelPrice | undefined {
    const entry = this.#router?.ladder.find((model) => model.name === name);
    return entry ? entry.price : this.k.settings.price;
  }

  #toolNames(): ReadonlySet<string> {
    return new Set(this.k.tools.keys());
  }
}

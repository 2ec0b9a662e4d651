import { systemClock } from '../../core/clock.js';
import {
  type CallTiming,
  type ProviderState,
  SCHEDULER_API_VERSION,
  type Scheduler,
  type SubmitOptions,
} from './api.js';
import { FairQueue } from './fair-queue.js';
import type { Call, Provider, Route } from './scheduled-call.js';
import { Limiter } from './limits.js';
import { blockers } from './blockers.js';
import { oversized, problem } from './submit-checks.js';
import { SchedulerError } from './scheduler-error.js';
import { resolveSettings, type SchedulerSettings } from './settings.js';
import { globalTimers, rateLimitWait } from './timers.js';

/**
 * Creates a scheduler for model calls: per-provider and per-model slots, requests- and tokens-per-minute token
 * buckets, a provider-wide pause after a 429 with `retry-after`, strict priorities, and weighted fair queuing
 * (or round robin, or FIFO) across tenants and agents. A call waits only for what it needs: a call of another
 * model or provider passes a blocked one, but a blocked call reserves what blocks it, so nothing lower in order
 * takes that resource first (no starvation of large calls by small ones).
 * @example
 * const scheduler = createScheduler({ providers: { openai: { slots: 8, requestsPerMinute: 500 } }, tenantWeights: { pro: 3 } });
 * const response = await scheduler.submit((handle) => model.doGenerate(request), { provider: 'openai', tenant: 'pro' });
 */
export function createScheduler(settings: SchedulerSettings = {}): Scheduler {
  const limits = resolveSettings(settings);
  const clock = settings.clock ?? systemClock;
  const timers = settings.timers ?? globalTimers;
  const maxPauseMs = settings.maxPauseMs ?? 60_000;
  const weight = (table: Record<string, number> | undefined) => (key: string) =>
    table && Object.hasOwn(table, key) ? table[key]! : 1;
  const queue = new FairQueue<Call>(
    settings.policy ?? 'weighted-fair',
    weight(settings.tenantWeights),
    weight(settings.agentWeights),
  );
  const providers = new Map<string, Provider>();
  let seq = 0;
  let pumping = false;
  let again = false;
  let wake: { at: number; handle: unknown } | undefined;

  const providerOf = (name: string): Provider => {
    let provider = providers.get(name);
    if (!provider) {
      const limiter = new Limiter(name, limits.provider(name), clock.now());
      provider = { name, limiter, models: new Map(), pausedUntil: 0, queued: 0 };
      providers.set(name, provider);
    }
    return provider;
  };
  const modelOf = (provider: Provider, model: string): Limiter | undefined => {
    if (!provider.models.has(model)) {
      const own = limits.model(provider.name, model);
      provider.models.set(model, own && new Limiter(`${provider.name}:${model}`, own, clock.now()));
    }
    return provider.models.get(model);
  };

  /** The limiters and resource keys of a provider and model, built once; two lookups, no key string per call. */
  const routes = new Map<string, Map<string | undefined, Route>>();
  const routeOf = (providerName: string, model: string | undefined): Route => {
    const byModel = routes.get(providerName) ?? new Map<string | undefined, Route>();
    if (byModel.size === 0) routes.set(providerName, byModel);
    let route = byModel.get(model);
    if (!route) {
      const provider = providerOf(providerName);
      const modelLimiter = model === undefined ? undefined : modelOf(provider, model);
      const limiters = modelLimiter ? [provider.limiter, modelLimiter] : [provider.limiter];
      const needs = [
        `${provider.name}#pause`,
        ...limiters.flatMap(({ id }) => [`${id}#slots`, `${id}#requests`, `${id}#tokens`]),
      ];
      route = { provider, limiters, needs, group: needs.join('\n') };
      byModel.set(model, route);
    }
    return route;
  };

  /** Whether `call` could start at `now` (what `blockers` finds nothing for), without building the list. */
  const free = (call: Call, now: number): boolean => {
    if (call.provider.pausedUntil > now) return false;
    for (const limiter of call.limiters) {
      if (limiter.running >= limiter.slots) return false;
      if (limiter.requests && !limiter.requests.has(1, now)) return false;
      if (limiter.tokens && !limiter.tokens.has(call.estimatedTokens, now)) return false;
    }
    return true;
  };

  /** Starts the most preferred call that can start; returns the wake-up time when none can. */
  const startOne = (): number | undefined => {
    // Nothing waits (the common case after a call ends): no queue pass.
    if (queue.size === 0) return Number.POSITIVE_INFINITY;
    const now = clock.now();
    const reserved = new Set<string>();
    let at = Number.POSITIVE_INFINITY;
    for (const call of queue.heads((waiting) => waiting.group)) {
      if (call.needs.some((key) => reserved.has(key))) continue;
      const blocked = blockers(call, now);
      if (blocked.keys.length === 0) {
        queue.serve(call);
        call.provider.queued -= 1;
        call.start();
        return undefined;
      }
      for (const key of blocked.keys) reserved.add(key);
      at = Math.min(at, blocked.at);
    }
    return at;
  };

  const pump = (): void => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    let at = Number.POSITIVE_INFINITY;
    try {
      do {
        again = false;
        let next = startOne();
        while (next === undefined) next = startOne();
        at = next;
      } while (again);
    } finally {
      pumping = false;
    }
    if (wake && wake.at !== at) {
      timers.clearTimeout(wake.handle);
      wake = undefined;
    }
    if (!wake && at !== Number.POSITIVE_INFINITY) {
      const handle = timers.setTimeout(
        () => {
          wake = undefined;
          pump();
        },
        Math.max(0, at - clock.now()),
      );
      wake = { at, handle };
    }
  };

  const pause = (provider: Provider, retryAfterMs: number): void => {
    if (!(retryAfterMs > 0)) return;
    provider.pausedUntil = Math.max(provider.pausedUntil, clock.now() + Math.min(retryAfterMs, maxPauseMs));
    pump();
  };

  const settle = (call: Call, outcome: CallTiming['outcome']): void => {
    if (!call.options.onSettled && !settings.onSettled) return;
    const now = clock.now();
    const started = outcome !== 'cancelled';
    const timing: CallTiming = {
      provider: call.provider.name,
      model: call.model,
      tenant: call.tenant,
      agent: call.agent,
      outcome,
      queueMs: (started ? call.startedAt : now) - call.submittedAt,
      serviceMs: started ? now - call.startedAt : 0,
      estimatedTokens: call.estimatedTokens,
      actualTokens: call.actualTokens,
    };
    // A broken metrics callback must not break the call or the scheduler.
    for (const callback of [call.options.onSettled, settings.onSettled]) {
      try {
        callback?.(timing);
      } catch {}
    }
  };

  const submit = <T>(task: Parameters<Scheduler['submit']>[0], options: SubmitOptions): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const { signal } = options;
      const invalid = problem(options);
      if (invalid) return reject(invalid);
      const { provider, limiters, needs, group } = routeOf(options.provider, options.model);
      const estimatedTokens = options.estimatedTokens ?? 0;
      const tooLarge = oversized(estimatedTokens, limiters);
      if (tooLarge) return reject(tooLarge);
      const now = clock.now();
      const call: Call = {
        seq: seq++,
        priority: options.priority ?? 0,
        tenant: options.tenant ?? 'default',
        agent: options.agent ?? 'default',
        cost: settings.fairnessCost === 'tokens' ? Math.max(1, estimatedTokens) : 1,
        provider,
        limiters,
        needs,
        group,
        model: options.model,
        estimatedTokens,
        charged: estimatedTokens,
        actualTokens: undefined,
        submittedAt: now,
        startedAt: now,
        options,
        start: () => {
          call.startedAt = clock.now();
          call.cancel?.();
          for (const limiter of limiters) {
            limiter.running += 1;
            limiter.requests?.take(1, call.startedAt);
            limiter.tokens?.take(estimatedTokens, call.startedAt);
          }
          const finish = (outcome: 'fulfilled' | 'rejected', error?: unknown) => {
            for (const limiter of limiters) limiter.running -= 1;
            const wait = outcome === 'rejected' ? rateLimitWait(error) : undefined;
            if (wait !== undefined) pause(provider, wait);
            settle(call, outcome);
            pump();
          };
          let promise: Promise<T>;
          try {
            promise = Promise.resolve(task(handleOf(call)) as Promise<T>);
          } catch (error) {
            promise = Promise.reject(error);
          }
          promise.then(
            (value) => {
              finish('fulfilled');
              resolve(value);
            },
            (error: unknown) => {
              finish('rejected', error);
              reject(error);
            },
          );
        },
      };
      if (signal?.aborted) {
        settle(call, 'cancelled');
        return reject(signal.reason);
      }
      // Nothing waits and nothing blocks it: what the pump would do, without the queue pass or an abort listener.
      if (queue.size === 0 && free(call, now)) {
        queue.add(call);
        queue.serve(call);
        call.start();
        return;
      }
      if (signal) {
        const onAbort = () => {
          if (!queue.remove(call)) return;
          provider.queued -= 1;
          call.cancel?.();
          settle(call, 'cancelled');
          reject(signal.reason);
          pump();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        call.cancel = () => {
          signal.removeEventListener('abort', onAbort);
          call.cancel = undefined;
        };
      }
      queue.add(call);
      provider.queued += 1;
      pump();
    });

  const handleOf = (call: Call) => ({
    queueMs: call.startedAt - call.submittedAt,
    signal: call.options.signal,
    report({ actualTokens }: { actualTokens: number }) {
      if (!(Number.isFinite(actualTokens) && actualTokens >= 0)) {
        const message = `actualTokens must be a finite number ≥ 0, got ${actualTokens}.`;
        throw new SchedulerError('SCHEDULER_REQUEST_INVALID', 'report.actualTokens', message);
      }
      const now = clock.now();
      for (const limiter of call.limiters) limiter.tokens?.take(actualTokens - call.charged, now);
      call.charged = actualTokens;
      call.actualTokens = actualTokens;
      pump();
    },
    rateLimited: (retryAfterMs: number) => pause(call.provider, retryAfterMs),
  });

  return {
    apiVersion: SCHEDULER_API_VERSION,
    submit,
    run: (task, { key, priority, signal }) => submit(() => task(), { provider: key, priority, signal }),
    pause: (name, retryAfterMs) => pause(providerOf(name), retryAfterMs),
    state(name): ProviderState {
      const provider = providers.get(name);
      if (!provider) return { running: 0, queued: 0, pausedUntil: undefined };
      const paused = provider.pausedUntil > clock.now() ? provider.pausedUntil : undefined;
      return { running: provider.limiter.running, queued: provider.queued, pausedUntil: paused };
    },
  };
}

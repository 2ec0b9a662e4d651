import type { Clock } from '../../core/clock.js';
import type { CallTiming, QueuePolicy } from './api.js';
import { type LimitSettings, type ProviderSettings, validateLimits, validateWeights } from './limits.js';
import { SchedulerError } from './scheduler-error.js';
import type { TimerSource } from './timers.js';

/** Settings of {@link createScheduler}. Everything is optional: the default queues nothing and limits nothing. */
export interface SchedulerSettings {
  /** Limits per provider name, e.g. `{ openai: { slots: 8, requestsPerMinute: 500, models: { … } } }`. */
  providers?: Record<string, ProviderSettings>;
  /** Limits of each provider that `providers` does not list. */
  providerDefaults?: ProviderSettings;
  /** How calls of one priority are ordered. @default 'weighted-fair' */
  policy?: QueuePolicy;
  /** Weighted fair queuing: a tenant's share of service, relative to the others'. Unlisted tenants weigh 1. */
  tenantWeights?: Record<string, number>;
  /** Weighted fair queuing within a tenant: an agent's share. Unlisted agents weigh 1. */
  agentWeights?: Record<string, number>;
  /** What a share counts: calls, or their estimated tokens. @default 'requests' */
  fairnessCost?: 'requests' | 'tokens';
  /** The longest provider pause a 429's `retry-after` can impose, so a bogus header cannot stall a provider. @default 60000 */
  maxPauseMs?: number;
  /** Called for every settled or cancelled call, after the call's own `onSettled`. */
  onSettled?: (timing: CallTiming) => void;
  /** @default the system clock */
  clock?: Clock;
  /** @default the global `setTimeout` / `clearTimeout` */
  timers?: TimerSource;
  /** @deprecated use `providers.<name>.slots`. Concurrent calls per key (provider). */
  slots?: Record<string, number>;
  /** @deprecated use `providerDefaults.slots`. */
  defaultSlots?: number;
}

/** The limits that apply to one provider, and to one of its models (`undefined`: the model has no limits of its own). */
export interface ResolvedSettings {
  provider(name: string): LimitSettings;
  model(provider: string, model: string): LimitSettings | undefined;
}

/** Validates `settings` (throwing a {@link SchedulerError} naming the bad option) and resolves limits by name. */
export function resolveSettings(settings: SchedulerSettings): ResolvedSettings {
  const { providers = {}, providerDefaults = {} } = settings;
  const check = (provider: ProviderSettings, path: string) => {
    validateLimits(provider, path);
    if (provider.modelDefaults) validateLimits(provider.modelDefaults, `${path}.modelDefaults`);
    for (const [id, model] of Object.entries(provider.models ?? {})) validateLimits(model, `${path}.models.${id}`);
  };
  check(providerDefaults, 'providerDefaults');
  for (const [name, provider] of Object.entries(providers)) check(provider, `providers.${name}`);
  for (const [name, slots] of Object.entries(settings.slots ?? {})) validateLimits({ slots }, `slots.${name}`);
  if (settings.defaultSlots !== undefined) validateLimits({ slots: settings.defaultSlots }, 'defaultSlots');
  validateWeights(settings.tenantWeights, 'tenantWeights');
  validateWeights(settings.agentWeights, 'agentWeights');
  const { policy, fairnessCost, maxPauseMs } = settings;
  if (policy !== undefined && !['weighted-fair', 'round-robin', 'fifo'].includes(policy)) {
    throw new SchedulerError(
      'SCHEDULER_SETTINGS_INVALID',
      'policy',
      `must be 'weighted-fair', 'round-robin' or 'fifo', got ${String(policy)}.`,
    );
  }
  if (fairnessCost !== undefined && fairnessCost !== 'requests' && fairnessCost !== 'tokens') {
    throw new SchedulerError(
      'SCHEDULER_SETTINGS_INVALID',
      'fairnessCost',
      `must be 'requests' or 'tokens', got ${String(fairnessCost)}.`,
    );
  }
  if (maxPauseMs !== undefined && !(maxPauseMs >= 0 && Number.isFinite(maxPauseMs))) {
    throw new SchedulerError(
      'SCHEDULER_SETTINGS_INVALID',
      'maxPauseMs',
      `must be a finite number ≥ 0, got ${maxPauseMs}.`,
    );
  }
  const own = (name: string): ProviderSettings | undefined =>
    Object.hasOwn(providers, name) ? providers[name] : undefined;
  return {
    provider(name) {
      const limits = own(name) ?? providerDefaults;
      const legacy =
        settings.slots && Object.hasOwn(settings.slots, name) ? settings.slots[name] : settings.defaultSlots;
      return limits.slots === undefined && legacy !== undefined ? { ...limits, slots: legacy } : limits;
    },
    model(provider, model) {
      const limits = own(provider) ?? providerDefaults;
      return (
        (limits.models && Object.hasOwn(limits.models, model) ? limits.models[model] : undefined) ??
        limits.modelDefaults
      );
    },
  };
}

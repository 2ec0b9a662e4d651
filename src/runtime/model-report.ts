import type { RunEvent } from '../core/events.js';
import type { Usage } from '../core/usage.js';
import { type EnergyClass, energyClassOf, estimateEnergyWh } from '../models/energy/energy-coefficients.js';

/** What one model did for a run: its answers and attempts, tokens, cost, time and an energy ESTIMATE. */
export interface ModelReportEntry {
  /** `provider:modelId`. */
  model: string;
  /** Answers it gave (an answer routing escalated past counts here too). */
  calls: number;
  /** Attempts it was sent, failed ones included. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  /** Milliseconds the provider took to answer (service time), over every attempt. */
  serviceMs: number;
  /** Milliseconds its calls waited for a scheduler slot. */
  queueMs: number;
  /** Milliseconds its calls waited between attempts (backoff, retry-after). */
  retryWaitMs: number;
  /**
   * Watt-hours, ESTIMATED from tokens with the coefficients of `energyClass` (src/models/energy): an order of
   * magnitude, never a measurement.
   */
  energyWhEstimate: number;
  energyClass: EnergyClass;
  /** `default`: the model id matched no class, so the (high) `large` coefficients were used. */
  energyBasis: 'matched' | 'default';
}

/** A run's own model calls per model (a sub-agent's are in its own run's report). */
export interface ModelReport {
  models: ModelReportEntry[];
  /** The sum of the models' estimates, in watt-hours: an estimate. */
  energyWhEstimate: number;
  /** Says, wherever the report goes, what the energy figures are. */
  energyNote: string;
}

export const energyNote =
  'Energy is an estimate from token counts and published per-model-class coefficients (src/models/energy, docs/scheduler.md#energy-estimate), not a measurement.';

/** Builds a {@link ModelReport} from a run's events, as they come or all at once. */
export class ModelReportBuilder {
  readonly #requested = new Map<string, string>();
  readonly #entries = new Map<string, Omit<ModelReportEntry, 'energyWhEstimate' | 'energyClass' | 'energyBasis'>>();

  /** @param simulated models known to be scripted or simulated (their energy is 0), or `true` for all. */
  constructor(
    readonly runId: string,
    private readonly simulated: ReadonlySet<string> | boolean = false,
  ) {}

  /** Adds one event of the run (events of other runs are ignored). */
  add = (event: RunEvent): void => {
    if (event.runId !== this.runId) return;
    if (event.type === 'model-request') this.#requested.set(event.syscallId, event.model);
    else if (event.type === 'model-error') {
      const entry = this.#entry(event.model ?? this.#requested.get(event.syscallId));
      entry.attempts += 1;
      entry.serviceMs += event.durationMs ?? 0;
      entry.queueMs += event.queueMs ?? 0;
    } else if (event.type === 'model-response') {
      const answered = this.#entry(event.model ?? this.#requested.get(event.syscallId));
      this.#requested.delete(event.syscallId);
      answered.serviceMs += event.durationMs;
      answered.queueMs += event.queueMs ?? 0;
      answered.retryWaitMs += event.retryWaitMs ?? 0;
      const parts = event.byModel ?? [{ model: answered.model, usage: event.usage, costUsd: event.costUsd }];
      for (const part of parts) {
        const entry = this.#entry(part.model);
        entry.calls += 1;
        entry.attempts += 1;
        this.#addUsage(entry, part.usage);
        entry.costUsd += part.costUsd;
      }
    }
  };

  report(): ModelReport {
    const models = [...this.#entries.values()].map((entry): ModelReportEntry => {
      const colon = entry.model.indexOf(':');
      const simulated = this.simulated === true || (this.simulated !== false && this.simulated.has(entry.model));
      const { energyClass, basis } = energyClassOf(
        colon > 0 ? entry.model.slice(0, colon) : '',
        entry.model.slice(colon + 1),
        simulated,
      );
      const energyWhEstimate = round(estimateEnergyWh(energyClass, entry.inputTokens, entry.outputTokens));
      return { ...entry, costUsd: round(entry.costUsd), energyWhEstimate, energyClass, energyBasis: basis };
    });
    const energyWhEstimate = round(models.reduce((sum, entry) => sum + entry.energyWhEstimate, 0));
    return { models, energyWhEstimate, energyNote };
  }

  #entry(model: string | undefined) {
    const name = model ?? 'unknown';
    let entry = this.#entries.get(name);
    if (!entry) {
      entry = {
        model: name,
        calls: 0,
        attempts: 0,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        costUsd: 0,
        serviceMs: 0,
        queueMs: 0,
        retryWaitMs: 0,
      };
      this.#entries.set(name, entry);
    }
    return entry;
  }

  #addUsage(entry: { inputTokens: number; outputTokens: number; totalTokens: number }, usage: Usage): void {
    entry.inputTokens += usage.inputTokens;
    entry.outputTokens += usage.outputTokens;
    entry.totalTokens += usage.totalTokens;
  }
}

/** The report of a whole stored run. */
export function modelReportOf(events: readonly RunEvent[]): ModelReport {
  const start = events.find((event) => event.type === 'run-start');
  const builder = new ModelReportBuilder(
    events[0]?.runId ?? '',
    start?.type === 'run-start' && start.simulated === true,
  );
  for (const event of events) builder.add(event);
  return builder.report();
}

const round = (value: number) => Number(value.toFixed(6));

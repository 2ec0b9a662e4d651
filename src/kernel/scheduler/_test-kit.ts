import { vi } from 'vitest';
import type { Scheduler, SubmitOptions, TaskHandle } from './api.js';

/** Runs pending microtasks and timers due now (fake timers must be installed). */
export const flush = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0);

interface Gate {
  resolve(value?: unknown): void;
  reject(error: unknown): void;
  handle?: TaskHandle;
}

/**
 * Submits named calls whose tasks wait until the test settles them, and logs the order and time they start.
 * `settled` holds each call's outcome once its promise settles.
 */
export function callLog(scheduler: Scheduler) {
  const started: string[] = [];
  const startedAt = new Map<string, number>();
  const gates = new Map<string, Gate>();
  const settled = new Map<string, { value?: unknown; error?: unknown }>();
  const submit = (name: string, options: Omit<SubmitOptions, 'provider'> & { provider?: string } = {}) => {
    const promise = scheduler.submit(
      (handle) =>
        new Promise((resolve, reject) => {
          started.push(name);
          startedAt.set(name, Date.now());
          gates.set(name, { resolve, reject, handle });
        }),
      { provider: 'p', ...options },
    );
    promise.then(
      (value) => settled.set(name, { value }),
      (error: unknown) => settled.set(name, { error }),
    );
    return promise;
  };
  const gate = (name: string): Gate => {
    const found = gates.get(name);
    if (!found) throw new Error(`${name} has not started`);
    return found;
  };
  return {
    started,
    startedAt,
    settled,
    submit,
    handle: (name: string) => gate(name).handle!,
    finish: async (name: string, value: unknown = name) => {
      gate(name).resolve(value);
      await flush();
    },
    fail: async (name: string, error: unknown) => {
      gate(name).reject(error);
      await flush();
    },
  };
}

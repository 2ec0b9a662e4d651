/** Options of one scheduled model call. */
export interface ScheduleOptions {
  /** Calls with the same key share concurrency slots, e.g. the provider name. */
  key: string;
  /** Higher runs first when calls wait. @default 0 */
  priority?: number;
  signal?: AbortSignal;
}

/** Queues model calls so that each provider gets at most its number of concurrent slots. */
export interface Scheduler {
  run<T>(task: () => Promise<T>, options: ScheduleOptions): Promise<T>;
}

interface Waiter {
  priority: number;
  order: number;
  start: () => void;
}

/**
 * A priority scheduler with per-key concurrency slots. FIFO within a priority.
 * @param slots concurrent calls per key; a key not listed gets `defaultSlots`.
 */
export function createScheduler(options: { slots?: Record<string, number>; defaultSlots?: number } = {}): Scheduler {
  const running = new Map<string, number>();
  const waiting = new Map<string, Waiter[]>();
  let order = 0;
  const limit = (key: string) => options.slots?.[key] ?? options.defaultSlots ?? Number.POSITIVE_INFINITY;

  const release = (key: string) => {
    running.set(key, (running.get(key) ?? 1) - 1);
    const queue = waiting.get(key);
    const next = queue?.shift();
    if (next) {
      running.set(key, (running.get(key) ?? 0) + 1);
      next.start();
    }
  };

  return {
    async run(task, { key, priority = 0, signal }) {
      if ((running.get(key) ?? 0) < limit(key)) {
        running.set(key, (running.get(key) ?? 0) + 1);
      } else {
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = { priority, order: order++, start: resolve };
          const queue = waiting.get(key) ?? [];
          queue.push(waiter);
          queue.sort((a, b) => b.priority - a.priority || a.order - b.order);
          waiting.set(key, queue);
          signal?.addEventListener(
            'abort',
            () => {
              const index = queue.indexOf(waiter);
              if (index >= 0) {
                queue.splice(index, 1);
                reject(signal.reason);
              }
            },
            { once: true },
          );
        });
      }
      try {
        return await task();
      } finally {
        release(key);
      }
    },
  };
}

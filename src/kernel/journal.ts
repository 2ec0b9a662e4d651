import type { Clock } from '../core/clock.js';
import { type RunEvent, type RunEventInit, transientEventTypes } from '../core/events.js';
import type { RunStore } from '../store/run-store.js';

export type EventListener = (event: RunEvent) => void;

/**
 * A run's append-only log. Events reach live listeners at once and the store in
 * batches: `flush()` makes everything recorded so far durable, in order. The kernel
 * flushes before any side effect that must not be repeated and at the end of each step,
 * so a crash can only lose work that is safe to redo.
 */
export class Journal {
  private nextSeq: number;
  private buffer: RunEvent[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    lastSeq: number,
    private readonly clock: Clock,
    private readonly listeners: readonly EventListener[],
  ) {
    this.nextSeq = lastSeq + 1;
  }

  /** Records an event: gives it seq and time, tells listeners, and queues it for the store. */
  record<E extends RunEventInit>(init: E): E & RunEvent {
    const transient = transientEventTypes.has(init.type);
    const event = { ...init, runId: this.runId, seq: transient ? -1 : this.nextSeq, time: this.clock.now() } as E &
      RunEvent;
    if (!transient) {
      this.nextSeq++;
      this.buffer.push(event);
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Resolves once every event recorded so far is in the store. */
  flush(): Promise<void> {
    if (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      this.writing = this.writing.then(() => this.store.append(this.runId, batch));
    }
    return this.writing;
  }
}

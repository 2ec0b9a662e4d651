import type { Clock } from '../core/clock.js';
import { type RunEvent, type RunEventInit, transientEventTypes } from '../core/events.js';
import type { RunPatch, RunStore } from '../store/run-store.js';

export type EventListener = (event: RunEvent) => void;

/**
 * A run's append-only log. Events reach live listeners at once and the store in batches:
 * `flush()` resolves once everything recorded so far is durable, in order; `flushSoon()` writes in
 * the background. The kernel waits for a flush only before a side effect that must not be repeated
 * and when the run stops, so a crash can only lose work that is safe to redo, and the writes of a
 * step overlap the next model call instead of adding to it.
 */
export class Journal {
  private nextSeq: number;
  private buffer: RunEvent[] = [];
  private writing: Promise<void>;
  private failure: unknown;
  private scheduled = false;

  /** @param ready settles when the run's record exists in the store (a create still being written). */
  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    lastSeq: number,
    private readonly clock: Clock,
    private readonly listeners: readonly EventListener[],
    ready: Promise<void> = Promise.resolve(),
  ) {
    this.nextSeq = lastSeq + 1;
    this.writing = ready.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Records an event: gives it seq and time, tells listeners, and queues it for the store. */
  record<E extends RunEventInit>(init: E): E & RunEvent {
    const transient = transientEventTypes.has(init.type);
    // Callers pass a fresh object literal, so it becomes the event itself (no copy on the hot path).
    const event = init as E & RunEvent;
    event.runId = this.runId;
    event.seq = transient ? -1 : this.nextSeq;
    event.time = this.clock.now();
    if (!transient) {
      this.nextSeq++;
      this.buffer.push(event);
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /**
   * Resolves once every event recorded so far is in the store; with `patch`, the run's summary is
   * updated in the same write (one commit on stores that group writes). Rejects if any write failed.
   */
  flush(patch?: RunPatch): Promise<void> {
    if (this.buffer.length > 0 || patch) {
      const batch = this.buffer;
      this.buffer = [];
      this.writing = this.writing
        .then(() => {
          if (this.failure) return;
          const writes: Array<Promise<void>> = [];
          if (batch.length > 0) writes.push(this.store.append(this.runId, batch));
          if (patch) writes.push(this.store.updateRun(this.runId, patch));
          return Promise.all(writes).then(() => {});
        })
        .catch((error: unknown) => {
          this.failure ??= error;
        });
    }
    return this.writing.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** Starts writing what is buffered without waiting for it; a failure surfaces at the next `flush()`. */
  flushSoon(): void {
    if (this.scheduled || this.buffer.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush().catch(() => {});
    });
  }
}

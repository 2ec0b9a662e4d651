import type { Clock } from '../core/clock.js';
import { type RunEvent, type RunEventInit, transientEventTypes } from '../core/events.js';
import type { AppendOptions, NewRun, RunPatch, RunStore } from '../store/run-store.js';

export type EventListener = (event: RunEvent) => void;

export interface JournalOptions {
  /** A new run's record: written together with its first events. */
  create?: NewRun;
  /** How soon background writes happen after `flushSoon()`. @default 20 */
  flushIntervalMs?: number;
}

/**
 * A run's append-only log. Events reach live listeners at once and the store in batches:
 * `flush()` resolves once everything recorded so far is durable, in order; `flushSoon()` writes in
 * the background. The kernel waits for a flush only before a side effect that must not be repeated,
 * before waiting for a human, and when the run stops, so a crash can only lose work that is safe to
 * redo (model calls, read-only and idempotent tools), and journaling rarely adds to a step's latency.
 */
export class Journal {
  private nextSeq: number;
  private buffer: RunEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private scheduled = false;
  /** The run's record, written with its first events. */
  private create: NewRun | undefined;
  private readonly flushIntervalMs: number;

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    lastSeq: number,
    private readonly clock: Clock,
    private readonly listeners: readonly EventListener[],
    options: JournalOptions = {},
  ) {
    this.nextSeq = lastSeq + 1;
    this.create = options.create;
    this.flushIntervalMs = options.flushIntervalMs ?? 20;
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
    if (this.buffer.length > 0 || patch || this.create) {
      const batch = this.buffer;
      const options: AppendOptions = {};
      if (this.create) options.create = this.create;
      if (patch) options.patch = patch;
      this.buffer = [];
      this.create = undefined;
      this.writing = this.writing
        .then(() => (this.failure ? undefined : this.store.append(this.runId, batch, options)))
        .catch((error: unknown) => {
          this.failure ??= error;
        });
    }
    return this.writing.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /**
   * Writes what is buffered within `flushIntervalMs`, without waiting for it; a failure surfaces at the
   * next `flush()`. Coalescing the background writes of several steps into one commit keeps the journal's
   * cost per step small where a commit is expensive.
   */
  flushSoon(): void {
    if (this.scheduled || this.buffer.length === 0) return;
    this.scheduled = true;
    const timer = setTimeout(() => {
      this.scheduled = false;
      this.flush().catch(() => {});
    }, this.flushIntervalMs);
    timer.unref?.();
  }
}

import type { Clock } from '../core/clock.js';
import { type RunEvent, type RunEventInit, transientEventTypes } from '../core/events.js';
import { asJson, jsonSafe } from '../core/json-safe.js';
import type { AppendOptions, NewRun, RunPatch, RunStore } from '../store/run-store.js';

export type EventListener = (event: RunEvent) => void;

export interface JournalOptions {
  /** A new run's record: written together with its first events. */
  create?: NewRun;
  /** How soon background writes happen after `flushSoon()`. @default 20 */
  flushIntervalMs?: number;
  /** The run's fencing token: every write carries it, so a writer whose lease was taken over is refused. */
  fence?: number;
  /** The run whose lease `fence` belongs to (a sub-agent's root run). @default this run */
  fencedBy?: string;
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
  /** Events handed to the store but not yet known to be in it: kept, in order, until a write succeeds. */
  private unwritten: RunEvent[] = [];
  private patch: RunPatch | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private scheduled = false;
  private sealed = false;
  private abandoned = false;
  /** The run status the last successful write put in the store's record. */
  statusWritten: RunPatch['status'];
  /** The run's record, written with its first events. */
  private create: NewRun | undefined;
  private readonly flushIntervalMs: number;
  private readonly fence: number | undefined;
  private readonly fencedBy: string | undefined;
  /** Events recorded after the run ended: never stored (there should be none). */
  dropped = 0;
  /** Listener calls that threw. */
  listenerErrors = 0;

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
    this.fence = options.fence;
    this.fencedBy = options.fencedBy;
  }

  /** Records an event: gives it seq and time, tells listeners, and queues it for the store. */
  record<E extends RunEventInit>(init: E): E & RunEvent {
    const transient = transientEventTypes.has(init.type);
    // Callers pass a fresh object literal, so it becomes the event itself (no copy on the hot path).
    const event = init as E & RunEvent;
    event.runId = this.runId;
    event.time = this.clock.now();
    if (this.sealed) {
      event.seq = -1;
      this.dropped++;
      return event;
    }
    event.seq = transient ? -1 : this.nextSeq;
    if (!transient) {
      this.nextSeq++;
      this.buffer.push(event);
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener that throws (a caller's onEvent, a stream whose reader went away) must not stop the run
        // halfway through a syscall: the event is in the log either way.
        this.listenerErrors++;
      }
    }
    return event;
  }

  /** After `run-end`: nothing more is recorded for this run. */
  seal(): void {
    this.sealed = true;
  }

  /**
   * The run gave up on its store (its ending could not be written, even again) and reported `failed`: nothing of
   * this execution is written any more, not even by a background write already scheduled, so the store never
   * records an ending the caller was not told. The log keeps what was durable; the run resumes from there. A write
   * already handed to the store cannot be called back: `settled()` waits for it.
   */
  abandon(): void {
    this.sealed = true;
    this.abandoned = true;
    this.buffer = [];
    this.unwritten = [];
    this.patch = undefined;
    this.create = undefined;
  }

  /**
   * Resolves once every event recorded so far is in the store; with `patch`, the run's summary is
   * updated in the same write (one commit on stores that group writes). With `now`, the store commits at once
   * instead of grouping the write with others of this turn. Rejects if the write failed; the
   * events are kept and the next flush writes them again, so a failing write never loses the log.
   */
  flush(patch?: RunPatch, options: { now?: boolean } = {}): Promise<void> {
    if (this.buffer.length > 0) {
      this.unwritten.push(...this.buffer);
      this.buffer = [];
    }
    if (patch) this.patch = { ...this.patch, ...patch };
    const now = options.now === true;
    this.writing = this.writing.then(() => this.writeOut(now));
    return this.writing.then(() => {
      const failure = this.failure;
      if (failure !== undefined) {
        this.failure = undefined;
        throw failure;
      }
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

  /** Whether the run gave up on its store (`abandon`). */
  get isAbandoned(): boolean {
    return this.abandoned;
  }

  /** Resolves once every write under way has succeeded or failed (`statusWritten` then says what the store holds). */
  settled(): Promise<void> {
    return this.writing;
  }

  /** Starts writing what is buffered now, without waiting; a failure surfaces at the next `flush()`. */
  flushNow(): void {
    if (this.buffer.length === 0) return;
    this.flush().catch(() => {});
  }

  private async writeOut(now = false): Promise<void> {
    if (this.abandoned || (this.unwritten.length === 0 && !this.patch && !this.create)) return;
    const events = this.unwritten;
    const options: AppendOptions = now ? { now } : {};
    if (this.create) options.create = this.create;
    if (this.patch) options.patch = this.patch;
    if (this.fence !== undefined) options.fence = this.fence;
    if (this.fencedBy !== undefined) options.fencedBy = this.fencedBy;
    this.unwritten = [];
    this.patch = undefined;
    this.create = undefined;
    try {
      await this.store.append(this.runId, events, options);
      if (options.patch?.status) this.statusWritten = options.patch.status;
    } catch (refused) {
      const error = await this.retryEncodable(events, options, refused);
      if (error === undefined || this.abandoned) return;
      this.unwritten = [...events, ...this.unwritten];
      const failedPatch = options.patch;
      if (failedPatch) this.patch = { ...failedPatch, ...(this.patch ?? {}) };
      if (options.create) this.create = options.create;
      this.failure = error;
    }
  }

  /**
   * The last resort for a write refused because something in it has no JSON form (a value that slipped past the
   * kernel's checks: a BigInt in an error's data, a cycle in a strategy's output): those events and the patch are
   * written again as `jsonSafe` copies, so the log is never stuck behind one value. Any other failure, or a second
   * refusal, is returned and kept for the next flush.
   */
  private async retryEncodable(events: RunEvent[], options: AppendOptions, refused: unknown): Promise<unknown> {
    let repaired = false;
    const safeEvents = events.map((event) => {
      if (encodes(event)) return event;
      repaired = true;
      return jsonSafe(event) as RunEvent;
    });
    if (options.patch && !encodes(options.patch)) {
      repaired = true;
      options.patch = jsonSafe(options.patch) as RunPatch;
    }
    if (!repaired) return refused;
    try {
      await this.store.append(this.runId, safeEvents, options);
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

/** Whether a value has a JSON form: only on the failure path, where its parse costs nothing that matters. */
const encodes = (value: unknown): boolean => asJson(value).ok;

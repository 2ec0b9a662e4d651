import { LeaseLostError } from '../core/errors/lease-errors.js';
import type { ClaimOptions, RunLease, RunStore } from '../store/run-store.js';
import { currentOwnerId } from './owner.js';

/** How a runtime holds the runs it executes. */
export interface LeaseSettings {
  /** Who holds the runs: a worker id. @default this process (`host:pid:token`) */
  owner?: string;
  /** How long a lease lasts without a heartbeat; heartbeats come every third of it. @default 30000 */
  ttlMs?: number;
}

/** The lease settings with their defaults. */
export function leaseDefaults(settings: LeaseSettings = {}): Required<LeaseSettings> {
  return { owner: settings.owner ?? currentOwnerId, ttlMs: settings.ttlMs ?? 30_000 };
}

/**
 * Holds one run's lease while it executes: renews it every `ttlMs / 3`, and aborts `signal` with
 * `LeaseLostError` once another owner has claimed the run (the store fences this owner's writes out anyway).
 * A renewal the store cannot answer (it is down) is tried again at the next beat.
 */
export class LeaseKeeper {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Renewals that failed for another reason than a lost lease (the store unreachable). */
  failedBeats = 0;

  private constructor(
    private readonly store: RunStore,
    readonly runId: string,
    private lease: RunLease,
    private readonly ttlMs: number,
  ) {}

  /** Claims the run (atomically; `RUN_NOT_RESUMABLE` naming the holder when someone else has it). */
  static async claim(
    store: RunStore,
    runId: string,
    settings: Required<LeaseSettings>,
    options: ClaimOptions,
  ): Promise<LeaseKeeper> {
    const lease = await store.claim(runId, settings.owner, settings.ttlMs, options);
    return new LeaseKeeper(store, runId, lease, settings.ttlMs);
  }

  /** The lease of a run created already claimed (fencing token 1). */
  static created(store: RunStore, runId: string, settings: Required<LeaseSettings>): LeaseKeeper {
    return new LeaseKeeper(store, runId, { owner: settings.owner, token: 1, expiresAt: 0 }, settings.ttlMs);
  }

  /** The fencing token every write of the run carries. */
  get token(): number {
    return this.lease.token;
  }

  get owner(): string {
    return this.lease.owner;
  }

  /** Aborted with `LeaseLostError` when the lease is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts the heartbeats. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.beat(), Math.max(1, Math.floor(this.ttlMs / 3)));
    this.timer.unref?.();
  }

  /** Renews once now; resolves whatever happens (a lost lease aborts `signal`). */
  async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      this.lease = await this.store.renew(this.runId, this.lease.token, this.ttlMs);
    } catch (error) {
      if (error instanceof LeaseLostError || (error as { code?: string }).code === 'RUN_LEASE_LOST') {
        this.halt();
        this.controller.abort(error);
      } else this.failedBeats++;
    }
  }

  /** Stops the heartbeats and gives the lease up (a store that fails then leaves it to expire). */
  async release(): Promise<void> {
    this.halt();
    if (this.controller.signal.aborted) return;
    await this.store.release(this.runId, this.lease.token).catch(() => undefined);
  }

  private halt(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}

import type { SubmitOptions } from './api.js';
import type { Queued } from './fair-queue.js';
import type { Limiter } from './limits.js';

/** A provider as the scheduler tracks it: its limits, its models' limits, a 429 pause and its queue length. */
export interface Provider {
  name: string;
  limiter: Limiter;
  models: Map<string, Limiter | undefined>;
  pausedUntil: number;
  queued: number;
}

/** The limiters and resource keys shared by every call to one provider and model. */
export interface Route {
  provider: Provider;
  limiters: Limiter[];
  needs: string[];
  group: string;
}

/** One submitted model call while the scheduler holds it. */
export interface Call extends Queued {
  provider: Provider;
  limiters: Limiter[];
  /** Every resource key it may wait for, to skip it when one is reserved by a call ahead. */
  needs: string[];
  /** Calls with the same needs form a group: only its most preferred call can start or block first. */
  group: string;
  model: string | undefined;
  estimatedTokens: number;
  /** Tokens charged to the buckets so far: the estimate, then the last report. */
  charged: number;
  actualTokens: number | undefined;
  submittedAt: number;
  startedAt: number;
  options: SubmitOptions;
  start(): void;
  cancel?: () => void;
}

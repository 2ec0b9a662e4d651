import { type LinkedSignal, linkedSignal } from '../core/linked-signal.js';

/** How many requests share one signal: each may leave a listener on it, and Node warns past ten. */
const requestsPerSignal = 8;

/** One shared signal: how many requests it was handed to, and how many of them are still going. */
export interface CallSignal {
  readonly signal: AbortSignal;
  readonly link: LinkedSignal;
  handed: number;
  live: number;
}

/**
 * The signals a run's model requests are sent with. A provider SDK may leave a listener on the signal of every
 * request (the `openai` SDK does): on the run's own signal they pile up, one per model call, for the whole run
 * (Node warns past ten). Rather than a new AbortSignal for every request, eight requests share one; then it is
 * retired, keeps following the run's signal until its last request ends, and its leftover listeners die with it.
 */
export class CallSignals {
  #current: CallSignal | undefined;

  constructor(private readonly run: AbortSignal) {}

  /** A signal for one request; give it back with `close` when the request is over. */
  open(): CallSignal {
    let current = this.#current;
    if (current === undefined || current.handed >= requestsPerSignal) {
      if (current !== undefined && current.live === 0) current.link.release();
      const link = linkedSignal(this.run);
      current = { signal: link.signal, link, handed: 0, live: 0 };
      this.#current = current;
    }
    current.handed++;
    current.live++;
    return current;
  }

  close(used: CallSignal): void {
    used.live--;
    if (used.live === 0 && used !== this.#current) used.link.release();
  }
}

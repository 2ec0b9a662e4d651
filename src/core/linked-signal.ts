/** A signal that follows another until released. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Stops following: removes the one listener it put on the parent. Safe to call more than once. */
  release(): void;
}

/**
 * A signal for one call that aborts, with the parent's reason, when the parent does. A provider SDK may put a
 * listener on the signal of every request and never take it off (the `openai` SDK does): given the run's own
 * signal, a run collects one per model call (Node warns past ten, and a long run keeps them all). Given this one,
 * they land on a signal that dies with its call, and the run's signal carries one listener per call in flight.
 * (No `setMaxListeners` on the new signal: it costs about 9 µs, thirty times the rest; give one request each.)
 */
export function linkedSignal(parent: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, release: noop };
  }
  const follow = () => controller.abort(parent.reason);
  parent.addEventListener('abort', follow, { once: true });
  return { signal: controller.signal, release: () => parent.removeEventListener('abort', follow) };
}

function noop(): void {}

/** A signal that follows another until released. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Aborts this signal alone (a call's timeout), not the parent. */
  abort(reason: unknown): void;
  /** Stops following: removes the one listener it put on the parent. Safe to call more than once. */
  release(): void;
}

/**
 * A signal that aborts, with the parent's reason, when the parent does, until released; the parent carries one
 * listener for it meanwhile. A tool call's signal is one (src/tools/run-tool.ts); model requests share them
 * (src/kernel/call-signals.ts). Without a parent it is a signal of its own.
 */
export function linkedSignal(parent: AbortSignal | undefined): LinkedSignal {
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  if (parent === undefined || parent.aborted) {
    if (parent?.aborted) controller.abort(parent.reason);
    return { signal: controller.signal, abort, release: noop };
  }
  const follow = () => controller.abort(parent.reason);
  parent.addEventListener('abort', follow, { once: true });
  return { signal: controller.signal, abort, release: () => parent.removeEventListener('abort', follow) };
}

function noop(): void {}

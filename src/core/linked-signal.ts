/** A signal that follows another until released. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Stops following: removes the one listener it put on the parent. Safe to call more than once. */
  release(): void;
}

/**
 * A signal that aborts, with the parent's reason, when the parent does, until released; the parent carries one
 * listener for it meanwhile. The kernel sends model requests with such signals (src/kernel/call-signals.ts).
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

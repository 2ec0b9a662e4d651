/**
 * Decisions of one authority (a run and its sub-agents share one history) taken one at a time while one of them
 * waits for the shared counters: a decision that needs no counters runs at once, synchronously, unless others
 * are queued, so every decision still sees the ones requested before it.
 */
export class DecisionGate {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Nothing is waiting: a synchronous decision may go ahead now. */
  get idle(): boolean {
    return this.#pending === 0;
  }

  /** Runs `task` after every task queued before it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => this.#pending--,
      () => this.#pending--,
    );
    return result;
  }
}

const gates = new WeakMap<object, DecisionGate>();

/** The gate of the authority whose decisions read `history`. */
export function gateOf(history: object): DecisionGate {
  let gate = gates.get(history);
  if (!gate) {
    gate = new DecisionGate();
    gates.set(history, gate);
  }
  return gate;
}

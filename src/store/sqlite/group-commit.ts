/**
 * Turns the appends made during one turn of the event loop into one transaction.
 *
 * A commit costs a dozen system calls (locks and WAL writes) however little it writes, so concurrent
 * runs that each append one event would otherwise pay for one commit per event. Each append keeps its
 * own outcome: `commit` settles every item, failing only those it returns an error for, or all of them
 * when it throws. A promise resolves only after the transaction holding its item has committed.
 */
export class GroupCommit<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(private readonly commit: (items: T[]) => unknown[]) {}

  /**
   * Queues an item for the next commit; resolves once it is committed, rejects with its own error. With `now`,
   * commits at once (with whatever else is pending): for a write someone waits on before acting.
   */
  add(item: T, now = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const first = this.pending.push({ item, resolve, reject }) === 1;
      if (now) this.flush();
      else if (first) setImmediate(() => this.flush());
    });
  }

  /** Commits what is pending now; `close` calls it so no append is lost. */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let errors: unknown[];
    try {
      errors = this.commit(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const error = errors[i];
      if (error === undefined) entry.resolve();
      else entry.reject(error);
    });
  }
}

/** Exact cost-to-go over an explicit, finite state graph. */
export interface Distance {
  cost: number;
  steps: number;
}

/**
 * Enumerates every state reachable from `initial`, then runs Dijkstra backwards from the goal states, so the
 * result holds the exact optimal cost-to-go (ties broken by fewer steps) of every reachable state.
 * Unreachable-goal states are absent (read them as Infinity).
 */
export function exactDistances<S>(
  initial: S,
  successors: (state: S) => Array<{ state: S; cost: number }>,
  isGoal: (state: S) => boolean,
  key: (state: S) => string,
): Map<string, Distance> {
  const reverse = new Map<string, Array<{ from: string; cost: number }>>();
  const goals: string[] = [];
  const seen = new Set<string>([key(initial)]);
  const queue: S[] = [initial];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as S;
    const from = key(state);
    if (isGoal(state)) goals.push(from);
    for (const next of successors(state)) {
      const to = key(next.state);
      let edges = reverse.get(to);
      if (!edges) {
        edges = [];
        reverse.set(to, edges);
      }
      edges.push({ from, cost: next.cost });
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(next.state);
      }
    }
  }
  const distances = new Map<string, Distance>();
  const open = new MinHeap<{ key: string; d: Distance }>((a, b) => a.d.cost - b.d.cost || a.d.steps - b.d.steps);
  for (const goal of goals) open.push({ key: goal, d: { cost: 0, steps: 0 } });
  while (open.size > 0) {
    const { key: at, d } = open.pop() as { key: string; d: Distance };
    if (distances.has(at)) continue;
    distances.set(at, d);
    for (const edge of reverse.get(at) ?? []) {
      if (!distances.has(edge.from)) open.push({ key: edge.from, d: { cost: d.cost + edge.cost, steps: d.steps + 1 } });
    }
  }
  return distances;
}

/** A binary min-heap ordered by `compare`. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) >= 0) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.compare(items[l] as T, items[m] as T) < 0) m = l;
        if (r < items.length && this.compare(items[r] as T, items[m] as T) < 0) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as T, items[i] as T];
        i = m;
      }
    }
    return top;
  }
}

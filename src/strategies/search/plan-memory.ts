import type { PathStep } from './search-environment.js';
import { stepLabel } from './search-node.js';

/**
 * A memory of solved plans (ToolChain*'s long-term memory): the action sequences of plans that reached the
 * goal of a task, by task. A path that follows a remembered plan has `plan length − path length` steps to go;
 * one that leaves every remembered plan has no remembered estimate.
 */
export class PlanMemory {
  private readonly plans = new Map<string, string[][]>();

  /** Remembers a solved plan for `task` (the task's text, e.g. its goal). */
  remember(task: string, path: readonly PathStep[]): void {
    const plans = this.plans.get(task) ?? [];
    const labels = path.map(stepLabel);
    if (!plans.some((plan) => plan.join('\n') === labels.join('\n'))) plans.push(labels);
    this.plans.set(task, plans);
  }

  /** Remaining steps of the shortest remembered plan `path` is a prefix of, if any. */
  remaining(task: string, path: readonly PathStep[]): number | undefined {
    const labels = path.map(stepLabel);
    let best: number | undefined;
    for (const plan of this.plans.get(task) ?? []) {
      if (plan.length < labels.length || labels.some((label, i) => plan[i] !== label)) continue;
      const left = plan.length - labels.length;
      if (best === undefined || left < best) best = left;
    }
    return best;
  }

  get size(): number {
    let n = 0;
    for (const plans of this.plans.values()) n += plans.length;
    return n;
  }
}

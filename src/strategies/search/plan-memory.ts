import type { PathStep } from './search-environment.js';
import { stepLabel } from './search-node.js';

/** A step of a remembered plan: the tool call, without its result. */
export interface RememberedStep {
  tool: string;
  input: Record<string, unknown>;
}

/**
 * A memory of solved plans (ToolChain*'s long-term memory): the action sequences of plans that reached the
 * goal of a task, by task. A path that follows a remembered plan has `plan length − path length` steps to go;
 * one that leaves every remembered plan has no remembered estimate.
 */
export class PlanMemory {
  private readonly plans = new Map<string, RememberedStep[][]>();

  /** Remembers a solved plan for `task` (the task's text, e.g. its goal). */
  remember(task: string, path: readonly RememberedStep[]): void {
    const plans = this.plans.get(task) ?? [];
    const labels = path.map(label).join('\n');
    if (!plans.some((plan) => plan.map(label).join('\n') === labels)) {
      plans.push(path.map(({ tool, input }) => ({ tool, input })));
    }
    this.plans.set(task, plans);
  }

  /** Remaining steps of the shortest remembered plan `path` is a prefix of, if any. */
  remaining(task: string, path: readonly RememberedStep[]): number | undefined {
    let best: number | undefined;
    for (const rest of this.continuations(task, path)) if (best === undefined || rest.length < best) best = rest.length;
    return best;
  }

  /** The rest of every remembered plan of `task` that `path` is a prefix of (a plan to follow from there). */
  continuations(task: string, path: readonly RememberedStep[]): RememberedStep[][] {
    const labels = path.map(label);
    return (this.plans.get(task) ?? []).flatMap((plan) =>
      plan.length >= labels.length && labels.every((text, i) => label(plan[i] as RememberedStep) === text)
        ? [plan.slice(labels.length)]
        : [],
    );
  }

  get size(): number {
    let n = 0;
    for (const plans of this.plans.values()) n += plans.length;
    return n;
  }
}

function label(step: RememberedStep): string {
  return stepLabel({ ...step, output: undefined } as PathStep);
}

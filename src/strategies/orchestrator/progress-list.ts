import type { JsonValue } from '../../core/json.js';
import type { AgentKernel } from '../../kernel/agent-kernel.js';

/** Where one subtask stands. */
export type ProgressStatus = 'pending' | 'running' | 'done' | 'failed' | 'stalled';

/** One subtask of the shared progress list. */
export interface ProgressItem {
  id: string;
  task: string;
  /** The actor's composed role. */
  role: string;
  /** The tools the actor gets (a subset of the parent's). */
  tools: string[];
  status: ProgressStatus;
  /** The plan revision that wrote it. */
  revision: number;
  /** The run of the actor that worked on it. */
  actor?: string;
  /** What the actor reported. */
  note?: string;
}

/**
 * The shared progress list of an orchestrator (Aime): the planner writes subtasks, actors report on them, and
 * every change is journaled (`strategy-record` of kind `progress`), so `warden runs show` and a resumed run
 * see the same list.
 */
export class ProgressList {
  readonly items: ProgressItem[] = [];
  revision = 0;

  constructor(private readonly kernel: AgentKernel) {}

  /** Replaces the pending part of the list with a (re)plan; finished items stay. */
  plan(tasks: ReadonlyArray<Pick<ProgressItem, 'task' | 'role' | 'tools'>>): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i]?.status === 'pending') this.items.splice(i, 1);
    }
    this.revision++;
    for (const task of tasks) {
      this.items.push({ ...task, id: `t${this.items.length + 1}`, status: 'pending', revision: this.revision });
    }
    this.journal();
  }

  update(item: ProgressItem, patch: Partial<Pick<ProgressItem, 'status' | 'actor' | 'note'>>): void {
    Object.assign(item, patch);
    this.journal();
  }

  next(): ProgressItem | undefined {
    return this.items.find((item) => item.status === 'pending');
  }

  /** The list as the planner reads it. */
  text(): string {
    if (this.items.length === 0) return '(empty)';
    return this.items
      .map((item) => `- [${item.status}] ${item.task} (role: ${item.role})${item.note ? `: ${item.note}` : ''}`)
      .join('\n');
  }

  private journal(): void {
    this.kernel.record('progress', { revision: this.revision, items: this.items as unknown as JsonValue });
  }
}

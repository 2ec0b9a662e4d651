import type { ModelToolSpec } from '../../models/language-model.js';
import type { PlanningAction, PlanningTask } from './planning-domain.js';

/** The name of the toolkit's reset tool: back to the initial state (for reset + replay). */
export const resetTool = 'env_reset';

/** One executed tool call as the environment saw it. */
export interface ExecutedCall {
  action: PlanningAction;
  ok: boolean;
}

/**
 * A task's live environment: the world a run acts on. It executes actions, counts tool errors and decoy
 * uses, and can be reset (every domain tool is in-memory, so the toolkit declares them replayable).
 */
export class PlanningEnvironment<S> {
  state: S;
  readonly executed: ExecutedCall[] = [];
  toolErrors = 0;
  decoyUses = 0;
  /** Cost of the committed actions since the last reset. */
  cost = 0;

  constructor(readonly task: PlanningTask<S>) {
    this.state = task.initial;
  }

  get tools(): ModelToolSpec[] {
    return [
      ...this.task.tools,
      { name: resetTool, description: 'Resets the environment to its initial state.', inputSchema: { type: 'object' } },
    ];
  }

  execute(action: PlanningAction): { ok: boolean; output: string } {
    if (action.tool === resetTool) {
      this.state = this.task.initial;
      this.cost = 0;
      return { ok: true, output: 'Reset.' };
    }
    if (this.task.isDecoy(action)) this.decoyUses++;
    const outcome = this.task.step(this.state, action);
    this.executed.push({ action, ok: outcome.ok });
    if (!outcome.ok) {
      this.toolErrors++;
      return { ok: false, output: outcome.error };
    }
    this.state = outcome.state;
    this.cost += outcome.cost;
    return { ok: true, output: outcome.output };
  }
}

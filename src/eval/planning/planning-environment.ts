import type { ModelToolSpec } from '../../models/language-model.js';
import type { PlanningAction, PlanningTask } from './planning-domain.js';

/** The name of the toolkit's reset tool: back to the initial state (for reset + replay). */
export const resetTool = 'env_reset';
/** Snapshot and restore tools, for toolkits declared `snapshot-restore`. */
export const snapshotTool = 'env_snapshot';
export const restoreTool = 'env_restore';

/** One executed tool call as the environment saw it. */
export interface ExecutedCall {
  action: PlanningAction;
  ok: boolean;
}

/**
 * A task's live environment: the world a run acts on. It executes actions, counts tool errors and decoy
 * uses, and can be reset (every domain tool is in-memory, so the toolkit declares them replayable). It dedupes
 * by idempotency key (`once`), so it outlives a crashed run and a resumed one does not act twice. With
 * `snapshots`, it also offers snapshot and restore tools (for toolkits declared `snapshot-restore`).
 */
export class PlanningEnvironment<S> {
  state: S;
  readonly executed: ExecutedCall[] = [];
  toolErrors = 0;
  decoyUses = 0;
  /** Cost of the committed actions since the last reset. */
  cost = 0;
  /** Effects applied, by idempotency key: a call repeated with the same key is answered from here. */
  readonly effects = new Map<string, { ok: boolean; output: string }>();
  /** Every idempotency key whose effect was applied, in order (a key twice would be a repeated side effect). */
  readonly applied: string[] = [];

  constructor(
    readonly task: PlanningTask<S>,
    private readonly options: { snapshots?: boolean } = {},
  ) {
    this.state = task.initial;
  }

  get tools(): ModelToolSpec[] {
    return [
      ...this.task.tools,
      { name: resetTool, description: 'Resets the environment to its initial state.', inputSchema: { type: 'object' } },
      ...(this.options.snapshots ? this.snapshotSpecs() : []),
    ];
  }

  private snapshotSpecs(): ModelToolSpec[] {
    return [
      { name: snapshotTool, description: 'Saves the current state; returns its id.', inputSchema: { type: 'object' } },
      {
        name: restoreTool,
        description: 'Brings back a saved state.',
        inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    ];
  }

  /** Applies `action` once per idempotency key; a repeated key gets the first outcome back. */
  once(key: string, action: PlanningAction): { ok: boolean; output: string } {
    const seen = this.effects.get(key);
    if (seen) return seen;
    const outcome = this.execute(action);
    this.effects.set(key, outcome);
    this.applied.push(key);
    return outcome;
  }

  private readonly saved: Array<{ state: S; cost: number }> = [];

  /** Saves the current state; the output is the snapshot's id. */
  snapshot(): string {
    this.saved.push({ state: this.state, cost: this.cost });
    return `snap-${this.saved.length}`;
  }

  /** Brings a snapshot back; false for an unknown id. */
  restore(id: string): boolean {
    const saved = this.saved[Number(/^snap-(\d+)$/.exec(id)?.[1] ?? 0) - 1];
    if (!saved) return false;
    this.state = saved.state;
    this.cost = saved.cost;
    return true;
  }

  execute(action: PlanningAction): { ok: boolean; output: string } {
    if (action.tool === snapshotTool && this.options.snapshots) return { ok: true, output: this.snapshot() };
    if (action.tool === restoreTool && this.options.snapshots) {
      const ok = this.restore(action.input.id ?? '');
      return { ok, output: ok ? `Restored ${action.input.id}.` : `No snapshot "${action.input.id}".` };
    }
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

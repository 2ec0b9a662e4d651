import { canonicalJson } from '../policy/canonical-json.js';

/** Malfunction amplification guard: the same tool with the same arguments again and again. */
export interface LoopGuardOptions {
  /** How many identical calls in a row count as a loop. @default 3 */
  repeats?: number;
  /** `warn` emits a `loop-detected` event; `stop` also ends the run with status `halted`. @default 'warn' */
  action?: 'warn' | 'stop';
}

/** Counts identical consecutive calls; `observe` returns the streak length. */
export class LoopGuard {
  private lastKey: string | undefined;
  private streak = 0;

  observe(toolName: string, input: unknown): number {
    const key = `${toolName}\u0000${canonicalJson(input)}`;
    this.streak = key === this.lastKey ? this.streak + 1 : 1;
    this.lastKey = key;
    return this.streak;
  }
}

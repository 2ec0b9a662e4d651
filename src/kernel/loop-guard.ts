import { structuralHash } from './structural-hash.js';

/** Malfunction amplification guard: the same tool with the same arguments again and again. */
export interface LoopGuardOptions {
  /** How many identical calls in a row count as a loop. @default 3 */
  repeats?: number;
  /** `warn` emits a `loop-detected` event; `stop` also ends the run with status `halted`. @default 'warn' */
  action?: 'warn' | 'stop';
}

/**
 * Counts identical consecutive calls; `observe` returns the streak length. "Identical" is the same tool and the
 * same 64-bit structural hash of the input (equal for inputs `canonicalJson` writes alike), which costs no string.
 */
export class LoopGuard {
  private lastTool: string | undefined;
  private lastHash = [0, 0];
  private streak = 0;

  observe(toolName: string, input: unknown): number {
    const hash = structuralHash(input);
    const same = toolName === this.lastTool && hash[0] === this.lastHash[0] && hash[1] === this.lastHash[1];
    this.streak = same ? this.streak + 1 : 1;
    this.lastTool = toolName;
    this.lastHash = hash;
    return this.streak;
  }
}

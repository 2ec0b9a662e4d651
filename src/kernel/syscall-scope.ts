import { WardenError } from '../core/errors/warden-error.js';
import { seededRandom, seedFrom } from '../core/ids.js';
import { conversationDigests } from './fingerprint.js';

/**
 * Where syscall ids come from: a run's root scope (`run_1:0`, `run_1:1`, …) or a named child scope
 * (`run_1/branch-2:0`, …) with its own counter and seeded RNG. Concurrent scopes never share a counter,
 * so each replays to the same ids however their calls interleave.
 */
export class SyscallScope {
  readonly random: () => number;
  /** The digests of the conversation this scope's model calls last sent (see `fingerprintRequest`). */
  readonly conversation = conversationDigests();
  #next = 0;
  readonly #children = new Set<string>();

  constructor(readonly path: string) {
    this.random = seededRandom(seedFrom(path));
  }

  /** The id of this scope's next syscall. */
  next(): string {
    return `${this.path}:${this.#next++}`;
  }

  /** A derived id for a syscall that belongs to another one, e.g. a fallback's substitute. */
  static derived(id: string, suffix: string): string {
    return `${id}.${suffix}`;
  }

  child(name: string): SyscallScope {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      throw new TypeError(`Scope name "${name}" is invalid: use 1-64 letters, digits, "_", "." or "-".`);
    }
    // Two scopes of one name would share ids, so their calls would replay one another's results.
    if (this.#children.has(name)) {
      throw new WardenError({
        code: 'SCOPE_NAME_TAKEN',
        fault: 'user',
        message: `Scope "${name}" is already open in ${this.path}: give each concurrent scope a name of its own (e.g. "${name}-2").`,
      });
    }
    this.#children.add(name);
    return new SyscallScope(`${this.path}/${name}`);
  }
}

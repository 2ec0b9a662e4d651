import { validateStoredEvents } from '../core/event-schema.js';
import { StoreError } from '../core/errors/store-error.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { RunEvent } from '../core/events.js';

/**
 * What is wrong with a run's stored log, in words, or `undefined` when it can be read whole: the checks replay
 * makes (`validateStoredEvents`), and a run-start that holds its agent, model and input.
 */
export function logDamage(runId: string, events: readonly RunEvent[]): string | undefined {
  try {
    validateStoredEvents(runId, events);
  } catch (error) {
    if (!WardenError.isInstance(error)) throw error;
    return /damaged: (.+?)\. It cannot be replayed/.exec(error.message)?.[1] ?? error.message;
  }
  const start = events.find((event) => event.type === 'run-start');
  if (start && !(typeof start.agent === 'string' && typeof start.model === 'string' && isInput(start.input))) {
    return `run ${runId}, event ${start.seq} (run-start) lacks its agent, model or input`;
  }
  return undefined;
}

/**
 * Collects what a reader of a damaged log could not read, so a command can show the rest and then say
 * what was damaged instead of stopping at the first `TypeError`.
 */
export class LogProblems {
  readonly #problems: string[] = [];

  constructor(readonly runId: string) {}

  /** Records a problem found beforehand, e.g. by `logDamage`. */
  add(problem: string | undefined): void {
    if (problem !== undefined && !this.#problems.includes(problem)) this.#problems.push(problem);
  }

  /** `read()`, or `fallback` (and a recorded problem) when the log's values make it throw. */
  attempt<T, F = undefined>(what: string, read: () => T, fallback?: F): T | F {
    try {
      return read();
    } catch (error) {
      this.add(`${what} cannot be read (${error instanceof Error ? error.message : String(error)})`);
      return fallback as F;
    }
  }

  /** The problems, at most `max` of them spelled out. */
  list(max = 3): string[] {
    const shown = this.#problems.slice(0, max);
    const more = this.#problems.length - shown.length;
    return more > 0 ? [...shown, `${more} more`] : shown;
  }

  get empty(): boolean {
    return this.#problems.length === 0;
  }

  /** The `EVENT_INVALID` error a command ends with after it showed what was readable. */
  error(shown: string): StoreError {
    return new StoreError(
      `The log of run ${this.runId} is damaged: ${this.list().join('; ')}. ${shown} ` +
        `Salvage every stored event with \`warden runs export ${this.runId} -o ${this.runId}.jsonl\`, and start a new run.`,
      undefined,
      'EVENT_INVALID',
    );
  }
}

function isInput(input: unknown): boolean {
  return typeof input === 'string' || Array.isArray(input);
}

import { WardenError } from './warden-error.js';

/**
 * The shared counters backend (PostgreSQL, Redis) cannot be reached or failed mid-operation. The action whose
 * limit needed it is not decided, not journaled and not counted; the run fails with this error and can be
 * resumed once the backend is back (a reserve whose reply was lost may have counted once).
 */
export class CountersUnavailableError extends WardenError {
  /** e.g. `postgres:warden_counters`, `redis:warden:counters:`. */
  readonly location: string;

  constructor(location: string, operation: 'read' | 'reserve' | 'open', cause?: unknown) {
    const detail = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
    super({
      code: 'COUNTERS_UNAVAILABLE',
      fault: 'system',
      message: `The shared limit counters at ${location} could not ${operation === 'open' ? 'be opened' : `${operation} counts`}${detail ? ` (${detail})` : ''}. Bring the backend back, then resume the run (warden runs resume <id>).`,
      cause,
      data: { location, operation },
    });
    this.location = location;
  }
}

/** A caller gave the counters seam something it cannot count: an empty or repeated key, a bad max or window. */
export class CountersInputError extends WardenError {
  constructor(problem: string) {
    super({
      code: 'COUNTERS_INPUT_INVALID',
      fault: 'user',
      message: `Invalid counter request: ${problem}. Keys are non-empty and distinct within one call, max is a whole number ≥ 0, windowMs a positive number.`,
      data: { problem },
    });
  }
}

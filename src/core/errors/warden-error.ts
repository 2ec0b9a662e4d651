const marker = Symbol.for('warden.error');

/** Whose fault an error is: decides whether a caller should fix input, retry, or report a bug. */
export type Fault = 'user' | 'model' | 'provider' | 'system' | 'policy';

export interface WardenErrorOptions {
  code: string;
  message: string;
  fault: Fault;
  cause?: unknown;
  /** Machine-readable details safe to show a user or store in the run log. */
  data?: Record<string, unknown>;
}

/**
 * The base of every error Warden throws on purpose. `code` is stable across releases;
 * the message says what to do next. Recognised across duplicate installs by `isInstance`.
 */
export class WardenError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly fault: Fault;
  readonly data: Record<string, unknown>;

  constructor(options: WardenErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.fault = options.fault;
    this.data = options.data ?? {};
  }

  /** Never throws, even for a value whose reads do (a hostile Proxy): that is not a WardenError. */
  static isInstance(value: unknown): value is WardenError {
    if (typeof value !== 'object' || value === null) return false;
    try {
      return (value as Record<symbol, unknown>)[marker] === true;
    } catch {
      return false;
    }
  }

  /** The `{ code, message, … }` shape stored in events and sent by the server. */
  toJSON(): { code: string; message: string; fault: Fault; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, fault: this.fault, data: this.data };
  }
}

/** Turns anything thrown into `{ code, message }` for events and one-line reports. */
export function describeError(error: unknown): { code: string; message: string } {
  try {
    if (WardenError.isInstance(error)) return { code: error.code, message: error.message };
  } catch {
    // A hostile value whose reads throw: described below, as any other thrown value.
  }
  return { code: 'INTERNAL', message: printable(error) };
}

/** `String(value)` (an error's message, or its name), or a description when even that throws. */
export function printable(value: unknown): string {
  try {
    return value instanceof Error ? value.message || value.name : String(value);
  } catch {
    try {
      return `a value (${typeof value}) whose text cannot be read`;
    } catch {
      return 'an unreadable value';
    }
  }
}

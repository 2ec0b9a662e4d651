import { printable, WardenError } from './warden-error.js';

/** Something foreign code threw whose fields could not be read: a hostile Proxy, a getter or `toString` that throws. */
export class UnreadableThrowError extends WardenError {
  constructor(where: string, problem: unknown) {
    super({
      code: 'UNREADABLE_THROW',
      fault: 'system',
      message: `${where} threw a value that cannot be read (${printable(problem)}); it was replaced by this error.`,
      data: { where },
    });
  }
}

/**
 * What foreign code (a tool, a model, a strategy) threw, made safe for the kernel to read: the fields the kernel
 * looks at are read once here, and a value whose reads throw becomes an `UnreadableThrowError`. Anything readable
 * is returned as it is (the same object), so `instanceof`, codes and causes keep working.
 */
export function tameThrown(thrown: unknown, where: string): unknown {
  if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function')) return thrown;
  try {
    const fields = thrown as Record<string, unknown>;
    for (const field of readFields) void fields[field];
    String(thrown);
    return thrown;
  } catch (problem) {
    return new UnreadableThrowError(where, problem);
  }
}

/** The fields of a thrown value the kernel reads: errors' own, the retry decision's and the scheduler's. */
const readFields = ['message', 'name', 'code', 'fault', 'data', 'status', 'retryAfterMs', 'cause', 'then'] as const;

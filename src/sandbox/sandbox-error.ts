import { WardenError } from '../core/index.js';

/** Every way an execution can fail, as a stable code (errors crossing a worker or process are classified by it). */
export type SandboxErrorCode =
  | 'SANDBOX_TIMEOUT'
  | 'SANDBOX_MEMORY'
  | 'SANDBOX_KILLED'
  | 'SANDBOX_GUEST_ERROR'
  | 'SANDBOX_OUTPUT_LIMIT'
  | 'SANDBOX_UNAVAILABLE'
  | 'SANDBOX_CLOSED'
  | 'SANDBOX_CRASHED';

const faults: Record<SandboxErrorCode, 'user' | 'model' | 'system'> = {
  SANDBOX_TIMEOUT: 'model',
  SANDBOX_MEMORY: 'model',
  SANDBOX_KILLED: 'user',
  SANDBOX_GUEST_ERROR: 'model',
  SANDBOX_OUTPUT_LIMIT: 'model',
  SANDBOX_UNAVAILABLE: 'system',
  SANDBOX_CLOSED: 'user',
  SANDBOX_CRASHED: 'system',
};

const codes = new Set<string>(Object.keys(faults));

/** Whether `code` is one of the sandbox's error codes. */
export function isSandboxErrorCode(code: unknown): code is SandboxErrorCode {
  return typeof code === 'string' && codes.has(code);
}

/** Details an error carries: the guest's error name and trimmed stack, which limit was hit. */
export interface SandboxErrorData {
  /** The guest's error class, e.g. `TypeError`, `ZeroDivisionError`. */
  guestName?: string;
  /** The guest's stack trace, trimmed. */
  guestStack?: string;
  /** The limit that was hit, e.g. `timeoutMs`, and its value. */
  limit?: string;
  limitValue?: number;
  /** Exit code or signal of a guest process. */
  exitCode?: number | null;
  signal?: string | null;
  /** The `code` of an error a tool call was refused with, when the guest did not catch it. */
  toolErrorCode?: string;
}

/** An execution failed. `code` says how; the message says what to do next. */
export class SandboxError extends WardenError {
  declare readonly code: SandboxErrorCode;

  constructor(code: SandboxErrorCode, message: string, data: SandboxErrorData = {}, cause?: unknown) {
    super({ code, message, fault: faults[code], data: { ...data }, cause });
  }

  /** Rebuilds an error sent across a worker or process boundary as `{ code, message, data }`. */
  static fromJSON(value: { code?: unknown; message?: unknown; data?: unknown }): SandboxError {
    const code = isSandboxErrorCode(value.code) ? value.code : 'SANDBOX_CRASHED';
    const message = typeof value.message === 'string' ? value.message : 'The sandbox failed without a message.';
    const data = typeof value.data === 'object' && value.data !== null ? (value.data as SandboxErrorData) : {};
    return new SandboxError(code, message, data);
  }
}

/** The sandbox cannot run here (bubblewrap missing, QuickJS failed to load). */
export function sandboxUnavailable(message: string, cause?: unknown): SandboxError {
  return new SandboxError('SANDBOX_UNAVAILABLE', message, {}, cause);
}

/** The standard timeout error. */
export function sandboxTimeout(timeoutMs: number, what = 'The code'): SandboxError {
  return new SandboxError(
    'SANDBOX_TIMEOUT',
    `${what} ran past its ${timeoutMs} ms limit and was killed. Make it do less per action, or raise limits.timeoutMs.`,
    { limit: 'timeoutMs', limitValue: timeoutMs },
  );
}

/** The standard memory error. */
export function sandboxMemory(memoryBytes: number): SandboxError {
  return new SandboxError(
    'SANDBOX_MEMORY',
    `The code used more than its ${memoryBytes} bytes of memory and was stopped. Work on less data at once, or raise limits.memoryBytes.`,
    { limit: 'memoryBytes', limitValue: memoryBytes },
  );
}

/** The standard cancel error. */
export function sandboxKilled(reason?: unknown): SandboxError {
  const why = reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
  return new SandboxError('SANDBOX_KILLED', `The code was cancelled and killed${why}.`);
}

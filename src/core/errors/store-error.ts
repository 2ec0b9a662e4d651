import { WardenError } from './warden-error.js';

/** The run store cannot be used: unreachable, corrupt, or written by a newer Warden. */
export class StoreError extends WardenError {
  constructor(message: string, cause?: unknown, code = 'STORE_ERROR') {
    super({ code, fault: 'system', message, cause });
  }
}

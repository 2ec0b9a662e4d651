import { WardenError } from '../../../core/errors/warden-error.js';

/** The simulated bank refused a request: an unknown id, a bad IBAN, insufficient funds. The message says what to do. */
export class BankingError extends WardenError {
  constructor(message: string) {
    super({ code: 'BANKING_REQUEST_REJECTED', fault: 'model', message });
  }
}

import { WardenError } from '../../core/errors/warden-error.js';

/**
 * The scheduler was configured or called with values it cannot honour: a negative slot count, a request larger
 * than its tokens-per-minute bucket can ever hold. `code` is `SCHEDULER_SETTINGS_INVALID` or
 * `SCHEDULER_REQUEST_INVALID`; `path` names the offending option.
 */
export class SchedulerError extends WardenError {
  readonly path: string;

  constructor(code: 'SCHEDULER_SETTINGS_INVALID' | 'SCHEDULER_REQUEST_INVALID', path: string, problem: string) {
    super({ code, fault: 'user', message: `Scheduler ${path}: ${problem}`, data: { path } });
    this.path = path;
  }
}

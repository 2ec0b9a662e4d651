import { ConfigError, type ConfigErrorData } from '../core/errors/config-error.js';

/** A policy file or definition that cannot be used: names the file, line, key path and what to write instead. */
export class PolicyError extends ConfigError {
  constructor(problem: string, details: ConfigErrorData = {}) {
    super(problem, details, 'POLICY_INVALID');
  }
}

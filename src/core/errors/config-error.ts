import { WardenError } from './warden-error.js';

export interface ConfigErrorData {
  /** The file the bad value is in, when there is one. */
  file?: string;
  /** 1-based line of the bad value. */
  line?: number;
  /** The key path of the bad value, e.g. `agents.assistant.model`. */
  path?: string;
  /** What to write instead. */
  fix?: string;
}

/** Bad configuration: a config file, a policy file, a model string, an option. The user fixes it. */
export class ConfigError extends WardenError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly path: string | undefined;
  readonly fix: string | undefined;

  constructor(problem: string, details: ConfigErrorData = {}, code = 'CONFIG_INVALID') {
    const where = [details.file && `${details.file}${details.line ? `:${details.line}` : ''}`, details.path]
      .filter(Boolean)
      .join(' at ');
    const message = `${where ? `${where}: ` : ''}${problem}${details.fix ? ` Fix: ${details.fix}` : ''}`;
    super({ code, message, fault: 'user', data: { ...details } });
    this.file = details.file;
    this.line = details.line;
    this.path = details.path;
    this.fix = details.fix;
  }
}

import { WardenError } from './warden-error.js';

/**
 * A feature needs a package that is not installed (Warden's optional peer dependencies: `pg` for the
 * PostgreSQL store, `better-sqlite3` for the SQLite store, `tsx` for evaluation suites written in TypeScript).
 * The message names the package and the command that installs it.
 */
export class MissingDependencyError extends WardenError {
  /** The npm package to install, e.g. `pg`. */
  readonly packageName: string;

  constructor(packageName: string, feature: string, cause?: unknown, detail?: string) {
    super({
      code: 'MISSING_DEPENDENCY',
      fault: 'user',
      message:
        detail ??
        `${feature} needs the package "${packageName}", which is not installed. Install it beside Warden: npm install ${packageName}`,
      cause,
      data: { packageName, feature },
    });
    this.packageName = packageName;
  }
}

/** Whether `error` says that `packageName` itself (not something it imports) cannot be found. */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return (
    typeof message === 'string' && new RegExp(`['"]${packageName}(/[^'"]*)?['"]`).test(message.split('\n')[0] ?? '')
  );
}

import { StoreError } from '../../core/errors/store-error.js';
import { WardenError } from '../../core/errors/warden-error.js';

/** The connection string without its password, plus the schema when it is not the default: safe to log. */
export function postgresLocation(connectionString: string, schema: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return `postgres (unparsable connection string), schema ${schema}`;
  }
  url.password = '';
  if (schema !== 'warden') url.searchParams.set('schema', schema);
  return url.toString();
}

/** SQLSTATE classes that mean the server cannot be used at all: connection, auth, missing database. */
const unavailableStates = /^(08|28|3D|53|57P)/;

/** Turns what `pg` throws into a `StoreError` that says whose problem it is and what to do. */
export function describePostgresError(error: unknown, location: string): unknown {
  if (WardenError.isInstance(error)) return error;
  const { code, message, severity } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: string;
    message?: string;
    severity?: string;
  };
  const reason = message || code || String(error);
  // The server's errors carry a SQLSTATE `code` and a `severity`; the driver's and the network's do not.
  const isServerError = typeof code === 'string' && typeof severity === 'string';
  const isConnectionError = isServerError
    ? unavailableStates.test(code)
    : code?.startsWith('E') || /connect|terminated|timeout/i.test(reason);
  if (isConnectionError) {
    return new StoreError(
      `Cannot use PostgreSQL at ${location}: ${reason}. Check that the server is running and that the connection string (host, port, user, password, database) is right.`,
      error,
      'STORE_UNAVAILABLE',
    );
  }
  if (!isServerError) return error;
  if (code === '23505') return new StoreError(`${location}: ${reason}.`, error, 'STORE_CONFLICT');
  if (code === '22021' || code === '22P05') {
    return new StoreError(
      `${location}: ${reason}. PostgreSQL text cannot hold the NUL character; remove it from the run's agent, model, principal or tenant name.`,
      error,
      'STORE_ERROR',
    );
  }
  return new StoreError(`The run store ${location} failed: ${reason} (SQLSTATE ${code}).`, error, 'STORE_ERROR');
}

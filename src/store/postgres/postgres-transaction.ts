import { StoreError } from '../../core/errors/store-error.js';
import type { PostgresClient, PostgresPool } from './pg-pool.js';
import { describePostgresError } from './postgres-errors.js';

/**
 * Runs `work` in one transaction on a connection of its own; rolls back when it throws. A connection whose
 * rollback failed too is discarded rather than returned to the pool.
 */
export async function inTransaction(
  pool: PostgresPool,
  location: string,
  work: (client: PostgresClient) => Promise<void>,
): Promise<void> {
  let client: PostgresClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw describePostgresError(error, location);
  }
  let broken: Error | undefined;
  try {
    await client.query({ text: 'BEGIN' }).catch((error: unknown) => {
      throw describePostgresError(error, location);
    });
    await work(client);
    await client.query({ text: 'COMMIT' }).catch((error: unknown) => {
      throw describePostgresError(error, location);
    });
  } catch (error) {
    await client.query({ text: 'ROLLBACK' }).catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The refusal of a call on a closed store. */
export function storeClosed(location: string): StoreError {
  return new StoreError(`The run store ${location} is closed.`, undefined, 'STORE_CLOSED');
}

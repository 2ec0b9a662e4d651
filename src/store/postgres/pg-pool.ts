/**
 * The `pg` types Warden's public API mentions, written here so that a user's TypeScript resolves
 * Warden's declarations without `@types/pg` (and without `pg` itself when they never use PostgreSQL).
 */

/**
 * Settings passed to `pg`'s `Pool` as they are: the common ones are named, any other `pg` Pool
 * setting is accepted too (see the `pg` documentation of `new Pool(config)`).
 */
export interface PostgresPoolSettings {
  /** Most connections open at once. */
  max?: number;
  /** Fewest idle connections kept open. */
  min?: number;
  /** Close a connection idle for this long (0: never). */
  idleTimeoutMillis?: number;
  /** Give up connecting after this long (0: never). */
  connectionTimeoutMillis?: number;
  /** TLS: `true`, or Node's `tls.connect` options (e.g. `{ rejectUnauthorized: false, ca }`). */
  ssl?: boolean | Record<string, unknown>;
  /** Shown in `pg_stat_activity`. */
  application_name?: string;
  /** Server-side statement timeout in milliseconds. */
  statement_timeout?: number;
  /** Client-side query timeout in milliseconds. */
  query_timeout?: number;
  [setting: string]: unknown;
}

/** The part of a `pg` `Pool` the PostgreSQL run store uses. */
export interface PostgresPool {
  query(config: { text: string; values?: unknown[]; name?: string; rowMode?: 'array' }): Promise<{
    rows: any[];
    rowCount: number | null;
  }>;
  /** A connection of its own, for a transaction. */
  connect(): Promise<PostgresClient>;
  end(): Promise<void>;
}

/** One pooled connection. */
export interface PostgresClient {
  query: PostgresPool['query'];
  release(error?: Error | boolean): void;
}

import { randomUUID } from 'node:crypto';
import { CountersUnavailableError } from '../core/errors/counters-errors.js';
import { MissingDependencyError, isMissingPackage } from '../core/errors/missing-dependency-error.js';
import { WardenError } from '../core/errors/warden-error.js';
import { readScript, reserveScript } from './redis-counters-scripts.js';
import {
  type CounterLimit,
  type CounterRead,
  checkCounterRequest,
  type ReserveResult,
  type SharedCounters,
} from './shared-counters.js';

/** The part of an ioredis client Redis counters use. */
export interface RedisCountersClient {
  eval(script: string, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
}

/** Where Redis counters live. */
export interface RedisCountersOptions {
  /** e.g. `redis://127.0.0.1:6379/0`. @default WARDEN_REDIS_URL or redis://127.0.0.1:6379 */
  url?: string;
  /**
   * Put before every key. On Redis Cluster, include a hash tag (`{warden-counters}:`) so the keys of one reserve
   * share a slot. @default 'warden:counters:'
   */
  prefix?: string;
  /** How long a command may wait for Redis before it fails with `COUNTERS_UNAVAILABLE`. @default 5000 */
  commandTimeoutMs?: number;
}

/**
 * Counters in Redis, shared by every process and machine using the same Redis and prefix. `read` and `reserve`
 * are one Lua script each (one round trip), and a script runs alone on the server, so a reserve's check and
 * count are atomic. Windows are sliding and exact (a sorted set of count times per key, expiring with its window).
 */
export class RedisCounters implements SharedCounters {
  readonly version = 1 as const;
  readonly location: string;

  constructor(
    private readonly client: RedisCountersClient,
    private readonly prefix = 'warden:counters:',
    private readonly ownsClient = true,
  ) {
    this.location = `redis:${prefix}`;
  }

  async read(keys: readonly CounterRead[], now: number): Promise<number[]> {
    checkCounterRequest(keys, now);
    if (keys.length === 0) return [];
    const reply = await this.#eval('read', readScript, keys, [now, ...keys.map((key) => key.windowMs ?? -1)]);
    return reply.map(Number);
  }

  async reserve(limits: readonly CounterLimit[], now: number): Promise<ReserveResult> {
    checkCounterRequest(limits, now);
    if (limits.length === 0) return { ok: true, counts: [] };
    const args: Array<string | number> = [now];
    const id = randomUUID();
    limits.forEach((limit, i) => {
      args.push(limit.windowMs ?? -1, limit.max ?? -1, `${now}:${id}:${i}`);
    });
    const [ok, ...counts] = (await this.#eval('reserve', reserveScript, limits, args)).map(Number);
    if (ok === 1) return { ok: true, counts };
    const full = limits.filter((limit, i) => limit.max !== undefined && (counts[i] ?? 0) >= limit.max);
    return { ok: false, counts, full: full.map((limit) => limit.key) };
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.quit().catch(() => undefined);
  }

  async #eval(
    operation: 'read' | 'reserve',
    script: string,
    keys: readonly CounterRead[],
    args: Array<string | number>,
  ): Promise<unknown[]> {
    try {
      const names = keys.map((key) => `${this.prefix}${key.key}`);
      return (await this.client.eval(script, names.length, ...names, ...args)) as unknown[];
    } catch (error) {
      throw WardenError.isInstance(error) ? error : new CountersUnavailableError(this.location, operation, error);
    }
  }
}

/**
 * Opens Redis counters with their own ioredis connection. Commands fail fast while Redis is away (no offline
 * queue, no resend after a reconnect), so a run waiting on a limit fails with `COUNTERS_UNAVAILABLE` instead of
 * hanging, and a reserve reported failed is not replayed later; the client reconnects by itself.
 * @example const counters = await createRedisCounters({ url: 'redis://127.0.0.1:6379' });
 */
export async function createRedisCounters(options: RedisCountersOptions = {}): Promise<RedisCounters> {
  const { Redis } = await importIoredis();
  const url = options.url ?? process.env.WARDEN_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? 'warden:counters:';
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    // A reserve whose connection broke is failed, never sent again after reconnecting: the caller was told it
    // failed, so a late replay would count an action that was never allowed.
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 5000,
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new CountersUnavailableError(`redis:${prefix}`, 'open', error);
  }
  return new RedisCounters(client as unknown as RedisCountersClient, prefix);
}

async function importIoredis(): Promise<{ Redis: typeof import('ioredis').Redis }> {
  try {
    const { Redis } = await import('ioredis');
    return { Redis };
  } catch (error) {
    if (isMissingPackage(error, 'ioredis')) throw new MissingDependencyError('ioredis', 'Redis counters', error);
    throw error;
  }
}

import { ConfigError } from '../core/errors/config-error.js';

/** Where the queue lives: a Redis URL and the key prefix that keeps Warden's keys apart. */
export interface QueueConnection {
  /** e.g. `redis://127.0.0.1:6379/0`, `rediss://user:password@host:6380`. @default WARDEN_REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
  /** The queue's name. @default 'warden-runs' */
  queue?: string;
  /** The prefix of every Redis key. @default 'warden' */
  prefix?: string;
}

/** The ioredis options a URL gives; BullMQ workers need `maxRetriesPerRequest: null` to wait out outages. */
export function redisOptions(redisUrl = process.env.WARDEN_REDIS_URL ?? 'redis://127.0.0.1:6379') {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new ConfigError(`"${redisUrl}" is not a Redis URL.`, {
      fix: 'write redis://host:6379 (or rediss:// for TLS)',
    });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`"${redisUrl}" is not a Redis URL.`, {
      fix: 'write redis://host:6379 (or rediss:// for TLS)',
    });
  }
  const db = Number(url.pathname.slice(1) || 0);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
    ...(db > 0 && { db }),
    ...(url.protocol === 'rediss:' && { tls: {} }),
    maxRetriesPerRequest: null,
    // Reconnect forever, at most once a second: a Redis restart pauses the queue, it does not end workers.
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  };
}

export function queueNames(connection: QueueConnection): { queue: string; prefix: string } {
  return { queue: connection.queue ?? 'warden-runs', prefix: connection.prefix ?? 'warden' };
}

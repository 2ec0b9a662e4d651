import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { SandboxResult } from '../sandbox.js';

/**
 * What the escape suite watches on the host: a canary secret in the environment, a server on 127.0.0.1 that
 * counts connections, and /proc/sys/kernel/core_pattern. `assertUntouched` checks none of them moved or leaked.
 */
export interface HostWatch {
  canary: string;
  port: number;
  connections: () => number;
  corePattern: string;
  /** A path under /var/tmp on the host that no guest may create. */
  hostMarker: string;
  assertUntouched(result: SandboxResult): void;
  close(): Promise<void>;
}

/** Starts the watch: sets the canary env var and opens the server. */
export async function watchHost(): Promise<HostWatch> {
  const canary = `canary-${randomBytes(12).toString('hex')}`;
  process.env.WARDEN_ESCAPE_CANARY = canary;
  let connections = 0;
  const server: Server = createServer((_request, response) => response.end(canary));
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const corePattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
  const hostMarker = `/var/tmp/warden-escape-${randomBytes(6).toString('hex')}`;
  return {
    canary,
    port,
    connections: () => connections,
    corePattern,
    hostMarker,
    assertUntouched(result) {
      const seen = `${result.stdout}\n${result.logs}\n${JSON.stringify(result.value ?? null)}\n${result.error?.message ?? ''}`;
      expect(seen).not.toContain(canary);
      expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(corePattern);
      expect(connections).toBe(0);
      expect(existsSync(hostMarker)).toBe(false);
      expect(process.env.WARDEN_ESCAPE_CANARY).toBe(canary);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { hostname } from 'node:os';

const processToken = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** This process's owner id: `host:pid:token`. A run records who executes it. */
export const currentOwnerId = `${hostname()}:${process.pid}:${processToken}`;

/**
 * Whether the owner of a `running` run may still be executing it. On this host, a dead
 * pid (or this pid with another token: a previous process) means no. Other hosts are
 * assumed alive: distributed workers use leases instead.
 */
export function isOwnerAlive(ownerId: string | undefined): boolean {
  if (!ownerId) return false;
  const [host, pidText, token] = ownerId.split(':');
  if (host !== hostname()) return true;
  const pid = Number(pidText);
  if (pid === process.pid) return token === processToken;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

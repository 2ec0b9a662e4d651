import { readFileSync, readdirSync } from 'node:fs';

/** The range of host uids each root-started sandbox gets one of: unused by any account, so limits bind per sandbox. */
export const SANDBOX_UID_BASE = 3_000_000;
export const SANDBOX_UID_COUNT = 1_000_000;

/**
 * A fresh unprivileged host uid for one execution when Warden runs as root (so RLIMIT_NPROC binds and nothing it
 * does counts as root's), or `undefined` when not root (bwrap then runs as the current user).
 */
export function sandboxUid(): number | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  return SANDBOX_UID_BASE + Math.floor(Math.random() * SANDBOX_UID_COUNT);
}

/** Host pids of live processes whose real uid is `uid`. */
export function processesOfUid(uid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const match = /^Uid:\s+(\d+)/m.exec(status);
      const state = /^State:\s+(\S)/m.exec(status);
      if (match && Number(match[1]) === uid && state?.[1] !== 'Z') pids.push(Number(name));
    } catch {}
  }
  return pids;
}

/** SIGKILLs every process of `uid` (only ever a sandbox's own uid). */
export function killUid(uid: number): void {
  if (uid < SANDBOX_UID_BASE) return;
  for (const pid of processesOfUid(uid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}

/** Kills every process of `uid` and resolves once none is left (or after `timeoutMs`, still killing). */
export async function killUidAndWait(uid: number, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    killUid(uid);
    if (processesOfUid(uid).length === 0 || Date.now() > until) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

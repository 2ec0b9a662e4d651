import { lstatSync } from 'node:fs';
import type { ResolvedLimits } from '../limits.js';

/** What the sandboxed process runs and sees. */
export interface BwrapCommand {
  /** The program and arguments run inside, after prlimit. */
  argv: readonly string[];
  /** Environment inside the sandbox (bwrap itself starts from an empty one). */
  env: Readonly<Record<string, string>>;
  limits: ResolvedLimits;
}

function systemDirs(): string[] {
  // Debian merges /bin, /lib, /lib64, /sbin into /usr as symlinks; bind real directories, recreate symlinks.
  const args: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib64', '/lib32']) {
    try {
      const stat = lstatSync(dir);
      if (stat.isSymbolicLink()) args.push('--symlink', `usr${dir}`, dir);
      else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
    } catch {}
  }
  return args;
}

/**
 * The bubblewrap command line: every namespace unshared (no network, own pids), an unprivileged uid 65534 in a
 * user namespace, all capabilities dropped, a read-only root with only /usr, a read-only /dev and /proc/sys, a
 * size-limited private /tmp, and prlimit bounding address space, CPU, processes, file size and descriptors.
 */
export function bwrapArgs(command: BwrapCommand): string[] {
  const { limits } = command;
  const env = Object.entries(command.env).flatMap(([key, value]) => ['--setenv', key, value]);
  return [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...systemDirs(),
    '--proc',
    '/proc',
    '--ro-bind',
    '/proc/sys',
    '/proc/sys',
    '--dev',
    '/dev',
    '--remount-ro',
    '/dev',
    '--size',
    String(limits.fileBytes),
    '--tmpfs',
    '/tmp',
    '--remount-ro',
    '/',
    '--chdir',
    '/tmp',
    '--hostname',
    'sandbox',
    '--clearenv',
    ...env,
    '--',
    '/usr/bin/prlimit',
    `--as=${limits.memoryBytes}`,
    // Soft then hard: SIGXCPU at the soft limit tells a CPU stop apart from a SIGKILL.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
    ...command.argv,
  ];
}

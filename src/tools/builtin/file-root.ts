import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FileAccessError } from './file-access-error.js';

/** What a file root lets through. */
export interface FileRootOptions {
  /** Open dot files and folders (`.env`, `.git`, `.warden`). @default false */
  allowHidden?: boolean;
  /** Files or folders never opened, whatever else allows (a run store: its `-wal`, `-shm`, `-journal` too). */
  protect?: readonly string[];
}

/**
 * One directory the file tools are confined to. Every check is made on real paths (all links followed)
 * at the moment of the operation, and again on the file actually opened, so a link made during the run,
 * `..`, an absolute path or a linked root cannot lead outside.
 */
export class FileRoot {
  /** The root as configured (lexical), for showing paths. */
  readonly root: string;
  private readonly allowHidden: boolean;
  private readonly protect: readonly string[];

  constructor(root: string, options: FileRootOptions = {}) {
    this.root = resolve(root);
    this.allowHidden = options.allowHidden ?? false;
    this.protect = (options.protect ?? []).map((path) => resolve(path));
  }

  /** The real path of the root, read afresh (the root itself may be a link). */
  realRoot(): Promise<string> {
    return realpath(this.root);
  }

  /** The real path of an existing entry, after every check. */
  async existing(path: string): Promise<string> {
    const full = this.lexical(path);
    let real: string;
    try {
      real = await realpath(full);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await isLink(full)))
        throw new FileAccessError(path, 'dangling-link');
      throw error;
    }
    await this.assertAllowed(path, real);
    return real;
  }

  /** The real path a write to `path` would reach, whether or not the file exists yet. */
  async writable(path: string): Promise<string> {
    const full = this.lexical(path);
    if (await isLink(full)) return this.existing(path);
    const real = await realpathOfNearest(full);
    if (real === undefined) throw new FileAccessError(path, 'dangling-link');
    await this.assertAllowed(path, real);
    return real;
  }

  /** Whether an entry may be listed: its path as shown and its real path both pass every check. */
  async visible(shown: string, real: string): Promise<boolean> {
    return (
      this.reasonFor(this.root, resolve(this.root, shown)) === undefined && (await this.refusal(real)) === undefined
    );
  }

  /** Opens a checked real path without following a last link, and checks the file actually opened. */
  async open(path: string, real: string, flags: number): Promise<FileHandle> {
    const handle = await open(real, flags | constants.O_NOFOLLOW, 0o666).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ELOOP' ? new FileAccessError(path, 'outside') : error;
    });
    try {
      const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
      if (opened !== undefined) await this.assertAllowed(path, opened);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private lexical(path: string): string {
    const full = resolve(this.root, path);
    const reason = this.reasonFor(this.root, full);
    if (reason) throw new FileAccessError(path, reason);
    return full;
  }

  private async assertAllowed(path: string, real: string): Promise<void> {
    const reason = await this.refusal(real);
    if (reason) throw new FileAccessError(path, reason);
  }

  private async refusal(real: string): Promise<'outside' | 'hidden' | 'protected' | undefined> {
    const reason = this.reasonFor(await this.realRoot(), real);
    if (reason) return reason;
    for (const protectedPath of this.protect) {
      const target = (await realpathOfNearest(protectedPath)) ?? protectedPath;
      if (real === target || isInside(target, real) || sidecarOf(target, real)) return 'protected';
    }
    return undefined;
  }

  private reasonFor(root: string, full: string): 'outside' | 'hidden' | undefined {
    if (full !== root && !isInside(root, full)) return 'outside';
    if (
      !this.allowHidden &&
      relative(root, full)
        .split(sep)
        .some((segment) => segment.startsWith('.'))
    )
      return 'hidden';
    return undefined;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const sidecarOf = (file: string, real: string) =>
  dirname(real) === dirname(file) &&
  ['-wal', '-shm', '-journal'].some((suffix) => basename(real) === `${basename(file)}${suffix}`);

async function isLink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The real path of `path`'s nearest existing ancestor with the missing rest appended (that rest has no
 * links yet); `undefined` when a dangling link is on the way.
 */
async function realpathOfNearest(path: string): Promise<string | undefined> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      if (await isLink(current)) return undefined;
      missing.push(basename(current));
      current = parent;
    }
  }
}

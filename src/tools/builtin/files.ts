import { constants } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { Tool } from '../tool.js';
import { FileAccessError } from './file-access-error.js';
import { FileRoot } from './file-root.js';

export interface FileToolsOptions {
  /**
   * The directory the tools may see. Nothing outside it is reachable, checked on real paths (links
   * followed) at every call, so `..`, absolute paths and links made inside it (even during the run) lead nowhere else.
   */
  root: string;
  /** Also give `write_file`. @default false */
  write?: boolean;
  /** Largest file `read_file` returns whole; longer files are cut with a note. @default 100000 */
  maxReadBytes?: number;
  /**
   * Let the tools read, list, search and write dot files and folders (`.env`, `.git`, and `.warden`, where
   * Warden keeps its run store by default). Off, they are refused and never listed. @default false
   */
  allowHidden?: boolean;
  /**
   * Files or folders the tools never open, list or write, whatever else allows: pass the run store's file
   * (its `-wal`, `-shm` and `-journal` files are protected with it). `warden.yaml` agents protect their store.
   * @default []
   */
  protect?: readonly string[];
}

/** Tools over one directory: `list_files`, `read_file`, `search_files` (and `write_file` when enabled). */
export function createFileTools(options: FileToolsOptions): Tool[] {
  const root = new FileRoot(options.root, {
    ...(options.allowHidden !== undefined && { allowHidden: options.allowHidden }),
    ...(options.protect && { protect: options.protect }),
  });
  const maxReadBytes = options.maxReadBytes ?? 100_000;
  const readText = async (path: string, real: string) => {
    const handle = await root.open(path, real, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) throw new FileAccessError(path, 'not-a-file');
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  };
  const listed = async (directory: string) => {
    const real = await root.existing(directory);
    if (!(await stat(real)).isDirectory()) throw new FileAccessError(directory, 'not-a-directory');
    return walk(root, real, toPosix(relative(root.root, join(root.root, directory))));
  };

  const tools: Tool[] = [
    defineTool({
      name: 'list_files',
      description: 'List the files in the workspace (recursively), with their sizes in bytes.',
      input: z.object({ directory: z.string().default('.').describe('A directory relative to the workspace root') }),
      readOnly: true,
      execute: async ({ directory }) => {
        const files = await listed(directory);
        return Promise.all(files.map(async (file) => ({ path: file.shown, bytes: (await stat(file.real)).size })));
      },
    }),
    defineTool({
      name: 'read_file',
      description: 'Read a text file of the workspace.',
      input: z.object({ path: z.string().min(1).describe('A file path relative to the workspace root') }),
      readOnly: true,
      execute: async ({ path }) => {
        const text = await readText(path, await root.existing(path));
        return text.length > maxReadBytes
          ? `${text.slice(0, maxReadBytes)}\n[… cut at ${maxReadBytes} characters]`
          : text;
      },
    }),
    defineTool({
      name: 'search_files',
      description:
        'Search the workspace for lines containing any of the given words (case-insensitive). Returns matching lines with file and line number, best matches first.',
      input: z.object({
        query: z.string().min(1).describe('Words to look for'),
        maxResults: z.number().int().positive().max(200).default(20),
      }),
      readOnly: true,
      execute: async ({ query, maxResults }) => {
        const words = [
          ...new Set(
            query
              .toLowerCase()
              .split(/\W+/)
              .filter((word) => word.length > 2),
          ),
        ];
        const hits: Array<{ path: string; line: number; text: string; score: number }> = [];
        for (const file of await listed('.')) {
          const text = await readText(file.shown, file.real).catch((error: unknown) => {
            if (error instanceof FileAccessError) return '';
            throw error;
          });
          text.split('\n').forEach((line, index) => {
            const lower = line.toLowerCase();
            const score = words.filter((word) => lower.includes(word)).length;
            if (score > 0) hits.push({ path: file.shown, line: index + 1, text: line.trim(), score });
          });
        }
        return hits
          .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path) || a.line - b.line)
          .slice(0, maxResults);
      },
    }),
  ];
  if (options.write) {
    tools.push(
      defineTool({
        name: 'write_file',
        description: 'Write a text file in the workspace, replacing it if it exists.',
        input: z.object({ path: z.string().min(1), content: z.string() }),
        idempotent: true,
        execute: async ({ path, content }) => {
          const real = await root.writable(path);
          const handle = await root.open(path, real, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK);
          try {
            if (!(await handle.stat()).isFile()) throw new FileAccessError(path, 'not-a-file');
            await handle.truncate(0);
            await handle.writeFile(content, 'utf8');
          } finally {
            await handle.close();
          }
          return { written: path, bytes: Buffer.byteLength(content) };
        },
      }),
    );
  }
  return tools;
}

interface ListedFile {
  /** Relative to the root as configured, with `/`. */
  shown: string;
  real: string;
}

/** How many directories one listing may enter: links can make a small tree look huge. */
const maxDirectories = 10_000;

/** Files under a checked real directory; links are followed only where they stay inside and visible. */
async function walk(
  root: FileRoot,
  directory: string,
  shown: string,
  budget = { directories: maxDirectories },
  ancestors: readonly string[] = [],
): Promise<ListedFile[]> {
  if (--budget.directories < 0) return [];
  const entries = await readdir(directory, { withFileTypes: true });
  const files: ListedFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules') continue;
    const name = shown ? `${shown}/${entry.name}` : entry.name;
    const real = await realpath(join(directory, entry.name)).catch(() => undefined);
    if (real === undefined || !(await root.visible(name, real))) continue;
    const kind = entry.isSymbolicLink() ? await stat(real).catch(() => undefined) : entry;
    if (kind?.isDirectory()) {
      if (real !== directory && !ancestors.includes(real))
        files.push(...(await walk(root, real, name, budget, [...ancestors, directory])));
    } else if (kind?.isFile()) {
      files.push({ shown: name, real });
    }
  }
  return files;
}

const toPosix = (path: string) => path.split(sep).join('/');

import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { Tool } from '../tool.js';

export interface FileToolsOptions {
  /** The directory the tools may see; nothing outside it is reachable. */
  root: string;
  /** Also give `write_file`. @default false */
  write?: boolean;
  /** Largest file `read_file` returns whole; longer files are cut with a note. @default 100000 */
  maxReadBytes?: number;
}

/** Tools over one directory: `list_files`, `read_file`, `search_files` (and `write_file` when enabled). */
export function createFileTools(options: FileToolsOptions): Tool[] {
  const root = resolve(options.root);
  const maxReadBytes = options.maxReadBytes ?? 100_000;
  const inside = (path: string) => {
    const full = resolve(root, path);
    const rel = relative(root, full);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new Error(`"${path}" is outside the allowed directory; use a path relative to it, as list_files shows.`);
    }
    return full;
  };

  const tools: Tool[] = [
    defineTool({
      name: 'list_files',
      description: 'List the files in the workspace (recursively), with their sizes in bytes.',
      input: z.object({ directory: z.string().default('.').describe('A directory relative to the workspace root') }),
      readOnly: true,
      execute: async ({ directory }) => {
        const files = await walk(inside(directory));
        return Promise.all(
          files.map(async (file) => ({ path: toPosix(relative(root, file)), bytes: (await stat(file)).size })),
        );
      },
    }),
    defineTool({
      name: 'read_file',
      description: 'Read a text file of the workspace.',
      input: z.object({ path: z.string().min(1).describe('A file path relative to the workspace root') }),
      readOnly: true,
      execute: async ({ path }) => {
        const text = await readFile(inside(path), 'utf8');
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
        for (const file of await walk(root)) {
          const lines = (await readFile(file, 'utf8')).split('\n');
          lines.forEach((text, index) => {
            const lower = text.toLowerCase();
            const score = words.filter((word) => lower.includes(word)).length;
            if (score > 0)
              hits.push({ path: toPosix(relative(root, file)), line: index + 1, text: text.trim(), score });
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
          await writeFile(inside(path), content, 'utf8');
          return { written: path, bytes: Buffer.byteLength(content) };
        },
      }),
    );
  }
  return tools;
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

const toPosix = (path: string) => path.split(sep).join('/');

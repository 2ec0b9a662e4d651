import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tool } from '../tool.js';
import { type FileToolsOptions, createFileTools } from './files.js';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'warden-files-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'docs', 'notes.txt'), 'inside notes: alpha\n');
  writeFileSync(join(root, '.env'), 'API_KEY=sk-inside-secret\n');
  mkdirSync(join(root, '.warden'));
  writeFileSync(join(root, '.warden', 'warden.db'), 'other runs alpha\n');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'config'), 'alpha token\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside secret alpha\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const tools = (options: Partial<FileToolsOptions> = {}) => {
  const byName = new Map(createFileTools({ root, write: true, ...options }).map((tool) => [tool.name, tool]));
  const call = async (name: string, input: unknown) => {
    const tool = byName.get(name) as Tool;
    const parsed = tool.parseInput(input);
    if (!parsed.success) throw new Error('bad input');
    return tool.execute(parsed.value, { runId: 'r', toolCallId: 't', abortSignal: new AbortController().signal });
  };
  return {
    read: (path: string) => call('read_file', { path }) as Promise<string>,
    write: (path: string, content = 'pwned') => call('write_file', { path, content }),
    list: (directory = '.') => call('list_files', { directory }) as Promise<Array<{ path: string }>>,
    search: (query: string) => call('search_files', { query, maxResults: 200 }) as Promise<Array<{ path: string }>>,
  };
};

const denied = (reason: string) => expect.objectContaining({ code: 'FILE_ACCESS_DENIED', reason });
const outsideText = () => readFileSync(join(outside, 'secret.txt'), 'utf8');

describe('file tools: containment by real path', () => {
  it('reads, lists, searches and writes inside the root', async () => {
    const t = tools();
    expect(await t.read('docs/notes.txt')).toBe('inside notes: alpha\n');
    expect(await t.read(join(root, 'docs', 'notes.txt'))).toBe('inside notes: alpha\n');
    await t.write('docs/new.txt', 'hello');
    expect(readFileSync(join(root, 'docs', 'new.txt'), 'utf8')).toBe('hello');
    expect((await t.list()).map((file) => file.path)).toEqual(['docs/new.txt', 'docs/notes.txt']);
    expect((await t.search('alpha')).map((hit) => hit.path)).toEqual(['docs/notes.txt']);
  });

  it.each([
    ['..', '../outside/secret.txt'],
    ['an absolute path', '<base>/outside/secret.txt'],
    ['a disguised ..', 'docs/../../outside/secret.txt'],
    ['/etc/passwd', '/etc/passwd'],
  ])('refuses %s', async (_name, given) => {
    const path = given.replace('<base>', base);
    const t = tools();
    await expect(t.read(path)).rejects.toEqual(denied('outside'));
    await expect(t.write(path)).rejects.toEqual(denied('outside'));
    expect(outsideText()).toBe('outside secret alpha\n');
  });

  it('does not follow a file link or a directory link out of the root, for any operation', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'docs', 'link.txt'));
    symlinkSync(outside, join(root, 'escape'));
    const t = tools();
    await expect(t.read('docs/link.txt')).rejects.toEqual(denied('outside'));
    await expect(t.read('escape/secret.txt')).rejects.toEqual(denied('outside'));
    await expect(t.write('docs/link.txt')).rejects.toEqual(denied('outside'));
    await expect(t.write('escape/secret.txt')).rejects.toEqual(denied('outside'));
    await expect(t.write('escape/new.txt')).rejects.toEqual(denied('outside'));
    await expect(t.list('escape')).rejects.toEqual(denied('outside'));
    expect((await t.list()).map((file) => file.path)).toEqual(['docs/notes.txt']);
    expect((await t.search('secret')).map((hit) => hit.path)).toEqual([]);
    expect(outsideText()).toBe('outside secret alpha\n');
    expect(existsSync(join(outside, 'new.txt'))).toBe(false);
  });

  it('checks links created after the tools were made (during the run)', async () => {
    const t = tools();
    expect(await t.read('docs/notes.txt')).toContain('inside');
    rmSync(join(root, 'docs'), { recursive: true });
    symlinkSync(outside, join(root, 'docs'));
    await expect(t.read('docs/secret.txt')).rejects.toEqual(denied('outside'));
    await expect(t.write('docs/secret.txt')).rejects.toEqual(denied('outside'));
    expect(await t.list()).toEqual([]);
    expect(outsideText()).toBe('outside secret alpha\n');
  });

  it('refuses to write through a dangling link, which would create a file outside', async () => {
    symlinkSync(join(outside, 'created.txt'), join(root, 'dangling.txt'));
    symlinkSync(join(outside, 'missing-dir'), join(root, 'dangling-dir'));
    const t = tools();
    await expect(t.write('dangling.txt')).rejects.toEqual(denied('dangling-link'));
    await expect(t.write('dangling-dir/x.txt')).rejects.toEqual(denied('dangling-link'));
    await expect(t.read('dangling.txt')).rejects.toEqual(denied('dangling-link'));
    expect(existsSync(join(outside, 'created.txt'))).toBe(false);
  });

  it('follows links that stay inside, and lists them under their own name', async () => {
    symlinkSync(join(root, 'docs', 'notes.txt'), join(root, 'alias.txt'));
    symlinkSync(join(root, 'docs'), join(root, 'docs-link'));
    symlinkSync(root, join(root, 'docs', 'loop'));
    const t = tools();
    expect(await t.read('alias.txt')).toBe('inside notes: alpha\n');
    expect((await t.list()).map((file) => file.path).sort()).toEqual([
      'alias.txt',
      'docs-link/notes.txt',
      'docs/notes.txt',
    ]);
  });

  it('works when the root itself is a link, and still refuses what lies beside its target', async () => {
    const linkedRoot = join(base, 'linked-root');
    symlinkSync(root, linkedRoot);
    symlinkSync(join(root, 'docs'), join(outside, 'back'));
    const byName = new Map(createFileTools({ root: linkedRoot }).map((tool) => [tool.name, tool]));
    const read = (path: string) =>
      byName
        .get('read_file')!
        .execute({ path }, { runId: 'r', toolCallId: 't', abortSignal: new AbortController().signal });
    expect(await read('docs/notes.txt')).toBe('inside notes: alpha\n');
    await expect(read('../outside/secret.txt')).rejects.toEqual(denied('outside'));
    await expect(read(join(outside, 'back', 'notes.txt'))).rejects.toEqual(denied('outside'));
  });

  it('refuses a path whose name only starts with two dots as a hidden one, not as outside', async () => {
    writeFileSync(join(root, '..data'), 'x');
    await expect(tools().read('..data')).rejects.toEqual(denied('hidden'));
    expect(await tools({ allowHidden: true }).read('..data')).toBe('x');
  });
});

describe('file tools: hidden files and the run store', () => {
  it.each(['.env', '.warden/warden.db', '.git/config', 'docs/../.env', './.env'])(
    'refuses to read or write %s by default',
    async (path) => {
      const t = tools();
      await expect(t.read(path)).rejects.toEqual(denied('hidden'));
      await expect(t.write(path)).rejects.toEqual(denied('hidden'));
    },
  );

  it('refuses a visible name that links to a hidden file, and a hidden name linking to a visible one', async () => {
    symlinkSync(join(root, '.env'), join(root, 'env.txt'));
    symlinkSync(join(root, '.warden'), join(root, 'store'));
    symlinkSync(join(root, 'docs', 'notes.txt'), join(root, '.notes'));
    const t = tools();
    await expect(t.read('env.txt')).rejects.toEqual(denied('hidden'));
    await expect(t.read('store/warden.db')).rejects.toEqual(denied('hidden'));
    await expect(t.write('store/warden.db')).rejects.toEqual(denied('hidden'));
    await expect(t.read('.notes')).rejects.toEqual(denied('hidden'));
    expect((await t.list()).map((file) => file.path)).toEqual(['docs/notes.txt']);
    expect((await t.search('alpha secret token runs')).map((hit) => hit.path)).toEqual(['docs/notes.txt']);
    expect(readFileSync(join(root, '.warden', 'warden.db'), 'utf8')).toBe('other runs alpha\n');
  });

  it('opens dot files when configured, but never a protected store file or its sidecars', async () => {
    const store = join(root, '.warden', 'warden.db');
    writeFileSync(`${store}-wal`, 'wal');
    const t = tools({ allowHidden: true, protect: [store] });
    expect(await t.read('.env')).toContain('sk-inside-secret');
    expect(await t.read('.git/config')).toBe('alpha token\n');
    await expect(t.read('.warden/warden.db')).rejects.toEqual(denied('protected'));
    await expect(t.read('.warden/warden.db-wal')).rejects.toEqual(denied('protected'));
    await expect(t.write('.warden/warden.db-shm')).rejects.toEqual(denied('protected'));
    expect((await t.list()).map((file) => file.path)).toEqual(['.env', '.git/config', 'docs/notes.txt']);
  });

  it('protects a store outside any dot folder, even through a link to it', async () => {
    const store = join(root, 'runs.db');
    writeFileSync(store, 'runs');
    symlinkSync(store, join(root, 'docs', 'copy.db'));
    const t = tools({ protect: [store] });
    await expect(t.read('runs.db')).rejects.toEqual(denied('protected'));
    await expect(t.read('docs/copy.db')).rejects.toEqual(denied('protected'));
    expect((await t.list()).map((file) => file.path)).toEqual(['docs/notes.txt']);
  });

  it('reads no directory or special file as text', async () => {
    await expect(tools().read('docs')).rejects.toEqual(denied('not-a-file'));
    await expect(tools().list('docs/notes.txt')).rejects.toEqual(denied('not-a-directory'));
  });
});

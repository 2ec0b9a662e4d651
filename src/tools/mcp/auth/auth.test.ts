import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenForRedirect } from './loopback-redirect.js';
import { createFileTokenStore } from './token-store.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the loopback redirect', () => {
  it('listens on 127.0.0.1 only and takes the code whose state matches, even if it came first', async () => {
    const redirect = await listenForRedirect();
    cleanups.push(() => redirect.close());
    expect(redirect.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await fetch(`${redirect.url}?code=forged&state=someone-else`);
    await fetch(`${redirect.url}?code=real&state=s1`);
    expect(await redirect.code('s1')).toBe('real');
  });

  it('rejects an error redirect with the server reason, and ignores other paths', async () => {
    const redirect = await listenForRedirect();
    cleanups.push(() => redirect.close());
    expect((await fetch(redirect.url.replace('/callback', '/other?code=x&state=s'))).status).toBe(404);
    const refused = expect(redirect.code('s')).rejects.toThrow(/refused: access_denied no/);
    await fetch(`${redirect.url}?error=access_denied&error_description=no&state=s`);
    await refused;
  });

  it('stops waiting when the signal aborts', async () => {
    const redirect = await listenForRedirect();
    cleanups.push(() => redirect.close());
    await expect(redirect.code('s', AbortSignal.timeout(10))).rejects.toThrow();
  });
});

describe('the token file', () => {
  it('keeps credentials per server, readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-tokens-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'nested', 'tokens.json');
    const store = createFileTokenStore(path);
    await store.save('https://a.example/mcp', { tokens: { access_token: 'a', token_type: 'Bearer' } });
    await store.save('https://b.example/mcp', { client: { client_id: 'b' } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const reopened = createFileTokenStore(path);
    expect(await reopened.load('https://a.example/mcp')).toEqual({
      tokens: { access_token: 'a', token_type: 'Bearer' },
    });
    expect(await reopened.load('https://b.example/mcp')).toEqual({ client: { client_id: 'b' } });
    expect(await reopened.load('https://c.example/mcp')).toBeUndefined();
  });
});

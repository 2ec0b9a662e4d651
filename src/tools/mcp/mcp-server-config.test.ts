import { describe, expect, it } from 'vitest';
import { mcpServerConfigSchema } from './mcp-server-config.js';

function issues(value: unknown): string[] {
  const result = mcpServerConfigSchema.safeParse(value);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('mcpServerConfigSchema', () => {
  it('infers stdio from a command and http from a url', () => {
    expect(mcpServerConfigSchema.parse({ name: 'files', command: 'npx', args: ['server', './data'] })).toEqual({
      name: 'files',
      transport: 'stdio',
      command: 'npx',
      args: ['server', './data'],
    });
    expect(mcpServerConfigSchema.parse({ name: 'remote', url: 'https://example.com/mcp' })).toEqual({
      name: 'remote',
      transport: 'http',
      url: 'https://example.com/mcp',
    });
  });

  it('keeps an explicit transport and its options', () => {
    const config = {
      name: 'api',
      transport: 'http',
      url: 'http://127.0.0.1:8080/mcp',
      headers: { Authorization: 'Bearer t' },
    };
    expect(mcpServerConfigSchema.parse(config)).toEqual(config);
  });

  it('asks for exactly one of command and url', () => {
    expect(issues({ name: 'x' })).toEqual([': give `command` to start a local server or `url` to reach a remote one']);
    expect(issues({ name: 'x', command: 'a', url: 'http://b' })).toEqual([
      ': give either `command` (a local server) or `url` (a remote one), not both',
    ]);
  });

  it('rejects fields of the other transport, bad names and non-http URLs', () => {
    expect(issues({ name: 'x', transport: 'stdio', command: 'a', url: 'http://b' })).toEqual([
      ': Unrecognized key: "url"',
    ]);
    expect(issues({ name: 'has space', url: 'ftp://host/mcp' })).toEqual([
      'name: must be 1-64 letters, digits, "_", "-" or "." (it names the tool source)',
      'url: must be an http:// or https:// URL',
    ]);
    expect(issues({ name: 'x', command: '' })).toEqual(['command: must name the executable that starts the server']);
  });
});

import { describe, expect, it } from 'vitest';
import { McpToolError } from './mcp-tool-error.js';
import { contentText, formatBytes, toolOutput } from './tool-result.js';

const png = Buffer.alloc(1500, 7).toString('base64');

describe('toolOutput', () => {
  it('prefers structuredContent', () => {
    const result = { content: [{ type: 'text' as const, text: '{"a":1}' }], structuredContent: { a: 1 } };
    expect(toolOutput(result, 'tool', 'server')).toEqual({ a: 1 });
  });

  it('joins text and summarizes binary content without its data', () => {
    const output = toolOutput(
      {
        content: [
          { type: 'text', text: 'Here:' },
          { type: 'image', data: png, mimeType: 'image/png' },
          { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
          { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'héllo' } },
          { type: 'resource', resource: { uri: 'file:///b.gz', blob: 'AAAAAA==' } },
          { type: 'resource_link', uri: 'file:///c.md', name: 'notes', mimeType: 'text/markdown' },
        ],
      },
      'tool',
      'server',
    );
    expect(output).toBe(
      [
        'Here:',
        '[image: image/png, 1.5 KB]',
        '[audio: audio/wav, 3 B]',
        '[resource: file:///a.txt, text/plain, 6 B]',
        '[resource: file:///b.gz, 4 B]',
        '[resource link: file:///c.md, text/markdown "notes"]',
      ].join('\n'),
    );
    expect(output).not.toContain(png.slice(0, 20));
  });

  it('throws McpToolError with the server text when isError is set', () => {
    const result = { isError: true, content: [{ type: 'text' as const, text: 'no such file' }] };
    expect(() => toolOutput(result, 'read', 'files')).toThrow(McpToolError);
    expect(() => toolOutput(result, 'read', 'files')).toThrow(
      'Tool "read" (MCP server "files") reported an error: no such file',
    );
  });

  it('returns an empty string for an empty result', () => {
    expect(toolOutput({ content: [] }, 'tool', 'server')).toBe('');
    expect(contentText([])).toBe('');
  });
});

describe('formatBytes', () => {
  it('uses B, KB and MB', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual([
      '0 B',
      '1023 B',
      '1.5 KB',
      '3.0 MB',
    ]);
  });
});

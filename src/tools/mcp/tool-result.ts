import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { McpToolError } from './mcp-tool-error.js';

/**
 * What the model sees of an MCP tool result: the `structuredContent` when present,
 * else the content blocks as text, with images, audio and resources reduced to a short marker.
 * A result flagged `isError` throws {@link McpToolError} with the server's text.
 */
export function toolOutput(result: CallToolResult, tool: string, server: string): unknown {
  const content = result.content ?? [];
  if (result.isError) {
    const text = content.length ? contentText(content) : JSON.stringify(result.structuredContent ?? '');
    throw new McpToolError(tool, server, text);
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  return contentText(content);
}

/** Joins content blocks into one text, one block per line. */
export function contentText(content: readonly ContentBlock[]): string {
  return content.map(blockText).join('\n');
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      return `[${block.type}: ${block.mimeType}, ${formatBytes(base64Bytes(block.data))}]`;
    case 'resource_link':
      return `[resource link: ${describe(block.uri, block.mimeType, block.size)}${block.name ? ` "${block.name}"` : ''}]`;
    case 'resource': {
      const { resource } = block;
      const size = 'text' in resource ? Buffer.byteLength(resource.text) : base64Bytes(resource.blob);
      return `[resource: ${describe(resource.uri, resource.mimeType, size)}]`;
    }
    default:
      return `[${(block as { type: string }).type} content]`;
  }
}

function describe(uri: string, mimeType: string | undefined, size: number | undefined): string {
  return [uri, mimeType, size === undefined ? undefined : formatBytes(size)].filter(Boolean).join(', ');
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/** `512 B`, `1.5 KB`, `2.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

import type { RunEvent } from '../core/events.js';

/** One line for the events MCP servers cause during tool calls (schema 3), or undefined for other events. */
export function describeMcpEvent(event: RunEvent, clip: (text: string) => string): string | undefined {
  switch (event.type) {
    case 'elicitation-request':
      return `${event.elicitationId} from ${event.server} in ${event.toolName} (${event.mode}): ${clip(event.message)}${event.url ? ` ${event.url}` : ''}`;
    case 'elicitation-response':
      return `${event.elicitationId} ${event.action}${event.by ? ` by ${event.by}` : ''}${event.content ? ` ${clip(JSON.stringify(event.content))}` : ''}`;
    case 'tool-progress':
      return `${event.toolName} ${event.progress}${event.total !== undefined ? `/${event.total}` : ''}${event.message ? `: ${clip(event.message)}` : ''}${event.coalesced ? ` (+${event.coalesced} coalesced)` : ''}`;
    case 'mcp-log':
      return `${event.server} ${event.level}${event.logger ? ` ${event.logger}` : ''}: ${clip(typeof event.data === 'string' ? event.data : JSON.stringify(event.data))}${event.dropped ? ` (+${event.dropped} dropped)` : ''}`;
    default:
      return undefined;
  }
}

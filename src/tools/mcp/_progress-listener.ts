import type { ToolHost } from '../tool-host.js';
import type { McpProgressEvent } from './client-handlers.js';

/** Progress goes to the library's listener and to the run the call belongs to. */
export function progressListener(
  server: string,
  tool: string,
  listener: ((event: McpProgressEvent) => void) | undefined,
  host: ToolHost | undefined,
): ((event: Omit<McpProgressEvent, 'server' | 'tool'>) => void) | undefined {
  if (!listener && !host) return undefined;
  return (progress) => {
    listener?.({ server, tool, ...progress });
    host?.progress(progress);
  };
}

import { ErrorCode, McpError as ProtocolError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolHost } from '../tool-host.js';
import type { McpClientHandlers, McpRequestContext } from './client-handlers.js';

/** Which run answers a server's request: the host of the one tool call in flight, if there is exactly one. */
export type HostLookup = () => { host: ToolHost } | { none: 'idle' | 'ambiguous' | 'outside-run' };

/**
 * The handlers a connection installs when it serves runs: the library's own handler answers first (it was
 * given on purpose); otherwise the request goes to the run whose tool call is in flight, through its
 * {@link ToolHost}. A request nobody can answer gets a protocol error (never `Method not found` swallowed
 * into a success: the connection fails the call in flight too).
 */
export function runRoutedHandlers(handlers: McpClientHandlers, lookup: HostLookup): McpClientHandlers {
  const routed: McpClientHandlers = { ...handlers };
  routed.onElicitation =
    handlers.onElicitation ??
    (async (request, context) => hostFor(lookup, 'elicitation/create', context).elicit(request, context));
  routed.onSampling =
    handlers.onSampling ??
    (async (request, context) => hostFor(lookup, 'sampling/createMessage', context).sample(request, context));
  routed.onLog = (event) => {
    handlers.onLog?.(event);
    const found = lookup();
    if ('host' in found) found.host.log(event);
  };
  return routed;
}

function hostFor(lookup: HostLookup, method: string, context: McpRequestContext): ToolHost {
  const found = lookup();
  if ('host' in found) return found.host;
  const why = {
    idle: 'no tool call of this server is running',
    ambiguous: 'several tool calls of this server are running, so Warden cannot tell which run it belongs to',
    'outside-run': 'the tool call runs outside a Warden run, and no handler was given to connectMcp',
  }[found.none];
  throw new ProtocolError(ErrorCode.InvalidRequest, `Warden cannot answer ${method} from "${context.server}": ${why}.`);
}

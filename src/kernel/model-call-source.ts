/** The purpose of a model call made to serve an MCP server's `sampling/createMessage`. */
export function samplingPurpose(server: string): string {
  return `sampling:${server}`;
}

/**
 * Whose request a model call is, as the policy's `source` selects it: `mcp:<server>` for a server's sampling,
 * `run` for the run's own calls (its strategy's, task narrowing's).
 */
export function sourceOf(purpose: string): string {
  return purpose.startsWith('sampling:') ? `mcp:${purpose.slice('sampling:'.length)}` : 'run';
}

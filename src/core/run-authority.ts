/** Who a run acts for, journaled at its start (`run-start.authority`). */
export interface RunAuthority {
  principal?: { id: string; roles?: string[]; tenant?: string; attributes?: Record<string, unknown> };
  /** A digest of the effective policy (after intersection with a parent's), or `none`. */
  policy: string;
}

/**
 * The version of the event schema this build writes; readers refuse a newer one.
 * 3: `tool-progress`, `elicitation-request`, `elicitation-response`, `mcp-log` (MCP servers during tool calls).
 */
export const eventSchemaVersion = 3;

import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';

/** Which server of the tool asks. */
export interface ToolHostOrigin {
  server: string;
}

/**
 * What the run around a tool call offers the tool's server while the call runs: the kernel's answers to an
 * MCP server's own requests. Elicitation is answered by the run's `onElicitation` callback or becomes a durable
 * pause; sampling is a `model.generate` syscall of the run (policy, budget, journal); progress and log entries
 * become run events. A tool outside a run has no host.
 */
export interface ToolHost {
  /** `elicitation/create`. Rejects when the question cannot be answered now (the run then pauses for it). */
  elicit(request: ElicitRequestParams, origin: ToolHostOrigin): Promise<ElicitResult>;
  /** `sampling/createMessage`, served by the agent's own model. Rejects when the policy or budget refuses it. */
  sample(request: CreateMessageRequestParams, origin: ToolHostOrigin): Promise<CreateMessageResult>;
  /** `notifications/progress` of this call. */
  progress(update: { progress: number; total?: number; message?: string }): void;
  /** `notifications/message` while this call runs. */
  log(entry: { server: string; level: string; logger?: string; data: unknown }): void;
  /** Aborted when the run stops the call because of what the server asked (a pause, the budget). */
  readonly signal: AbortSignal;
}

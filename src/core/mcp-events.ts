import type { EventBase } from './event-base.js';

/**
 * A tool's MCP server asked the person a question (`elicitation/create`) and nobody answered it at once: the
 * run waits for an answer (`awaiting_approval`), given out of band with `runtime.elicitations.answer` or
 * `warden elicitations answer`. Part of event schema 3.
 */
export interface ElicitationRequestEvent extends EventBase {
  type: 'elicitation-request';
  /** The tool syscall the question was asked in; it is re-issued on resume and served the answer. */
  syscallId: string;
  /** `eli_<runId>_<n>`: what the answer names. */
  elicitationId: string;
  server: string;
  toolName: string;
  mode: 'form' | 'url';
  message: string;
  /** Form mode: the flat JSON Schema the answer's `content` must satisfy (its defaults are applied). */
  requestedSchema?: Record<string, unknown>;
  /** URL mode: where the person is sent. */
  url?: string;
  /** Digest of the question, so an answer is only ever served to the question it answers. */
  questionHash: string;
}

/** The answer to an elicitation, as validated against the question's schema. */
export interface ElicitationResponseEvent extends EventBase {
  type: 'elicitation-response';
  elicitationId: string;
  action: 'accept' | 'decline' | 'cancel';
  /** Form mode, accepted: the content with the schema's defaults applied. */
  content?: Record<string, unknown>;
  /** Who answered: a name given to the desk, `callback` for `onElicitation`. */
  by?: string;
}

/**
 * `notifications/progress` of a running tool call. Bounded per call (see `maxProgressEvents`): past the bound,
 * updates are coalesced into one last event whose `coalesced` says how many it stands for.
 */
export interface ToolProgressEvent extends EventBase {
  type: 'tool-progress';
  syscallId: string;
  toolName: string;
  progress: number;
  total?: number;
  message?: string;
  /** How many updates this event stands for beyond itself (they were dropped to bound the log). */
  coalesced?: number;
}

/** A `notifications/message` log entry a server sent while a tool call of the run was running. Bounded like progress. */
export interface McpLogRunEvent extends EventBase {
  type: 'mcp-log';
  syscallId: string;
  server: string;
  level: string;
  logger?: string;
  data: unknown;
  /** Entries dropped after this one to bound the log. */
  dropped?: number;
}

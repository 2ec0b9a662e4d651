import type { JsonValue } from './json.js';

/** A code action began: the code, its language and the tools it may call, with a fingerprint checked on replay. */
export interface CodeStartFields {
  type: 'code-start';
  syscallId: string;
  language: string;
  code: string;
  tools: string[];
  /** Digest of the language, code and tools. */
  fingerprint: string;
}

/** A code action ended: what the model reads back. Its tool calls are syscalls of their own in its scope. */
export interface CodeEndFields {
  type: 'code-end';
  syscallId: string;
  stdout: string;
  logs?: string;
  /** The returned value as JSON, when there was one. */
  value?: JsonValue;
  error?: { code: string; message: string; guestName?: string; guestStack?: string; toolErrorCode?: string };
  truncated?: boolean;
  toolCalls: number;
  /** Labels of every tool result the code read. */
  labels?: string[];
  durationMs: number;
}

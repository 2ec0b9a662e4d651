import type { JsonValue } from '../core/json.js';
import type { Sandbox, SandboxLimits } from '../sandbox/sandbox.js';

/** One code action a strategy asks the kernel to run. */
export interface CodeActionRequest {
  /** The code, in the sandbox's language. */
  code: string;
  /** Where it runs (QuickJS for JavaScript, bubblewrap for Python or shell). */
  sandbox: Sandbox;
  /** Tools the code may call, each call a syscall with origin `code`. @default every tool the run may show */
  tools?: readonly string[];
  limits?: SandboxLimits;
}

/** How a code action failed, as the model reads it. */
export interface CodeActionError {
  code: string;
  message: string;
  /** The guest's error class, e.g. `TypeError`. */
  guestName?: string;
  /** The `code` of a tool call's error the code did not catch (e.g. `POLICY_DENIED`). */
  toolErrorCode?: string;
  /** The guest's stack trace, trimmed to the guest's own frames. */
  guestStack?: string;
}

/** What a code action gave back: the observation the model reads, and the labels of what the code read. */
export interface CodeActionResult {
  syscallId: string;
  language: string;
  stdout: string;
  logs: string;
  /** The returned value as JSON (`undefined` when none or on error). */
  value: JsonValue | undefined;
  error: CodeActionError | undefined;
  /** Whether stdout or logs lost bytes to the output limit. */
  truncated: boolean;
  toolCalls: number;
  /** Labels of every tool result the code read (as far as the bridge sees: see docs/codeact.md). */
  labels: string[];
  /** The result came from the run's log (resume), not from running the code again. */
  replayed: boolean;
}

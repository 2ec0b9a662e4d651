import type { ValidationIssue } from '../core/errors/tool-errors.js';
import type { JsonSchema } from '../core/json.js';
import type { ToolHost } from './tool-host.js';

/** What a tool's `execute` gets besides its input. */
export interface ToolContext {
  runId: string;
  toolCallId: string;
  /**
   * Stable across resumes (the syscall's id): a tool with side effects can dedupe by it, so a call that is
   * repeated after a crash takes effect once.
   */
  idempotencyKey?: string;
  /**
   * Aborted when the run is cancelled or the tool times out: stop work and return. Made when first read, by a
   * getter: read it from the context itself (a copy made with `{ ...context }` does not carry it).
   */
  abortSignal: AbortSignal;
  /** Who the run acts for. */
  principal?: Principal;
  /** The run's answers to what the tool's server asks during the call (MCP elicitation, sampling, progress). */
  host?: ToolHost;
}

/** Who a run acts for: the subject of roles and policy. */
export interface Principal {
  id: string;
  roles?: string[];
  tenant?: string;
  attributes?: Record<string, unknown>;
}

export type ParseResult<T> = { success: true; value: T } | { success: false; issues: ValidationIssue[] };

/**
 * The tool seam. Every source (local functions, MCP servers, sub-agents, built-ins,
 * evaluation toolkits) becomes this shape, and the kernel treats them all alike.
 */
export interface Tool<Input = any, Output = any> {
  readonly name: string;
  readonly description: string;
  /** The input schema as the model sees it. */
  readonly inputSchema: JsonSchema;
  /** Validates the model's (already JSON-parsed) input. */
  parseInput(input: unknown): ParseResult<Input>;
  /** Validates the output, when the tool declares an output schema. */
  parseOutput?(output: unknown): ParseResult<Output>;
  execute(input: Input, context: ToolContext): Promise<Output> | Output;
  /** Where the tool comes from: `local`, `mcp:<server>`, `agent:<name>`, `builtin`. @default 'local' */
  readonly source?: string;
  /** Reads but never changes the world. */
  readonly readOnly?: boolean;
  /** Safe to run twice: an interrupted call is re-run on resume instead of being held for a decision. */
  readonly idempotent?: boolean;
  /**
   * What a resumed run does with a call of this tool that may have run (an intent, no result): `retry` runs it
   * again (right for tools that are idempotent or dedupe by `context.idempotencyKey`), `ask` asks a human first,
   * `fail` ends the run, `report` tells the model it is unknown whether it took effect.
   * @default 'retry' for read-only and idempotent tools, else 'report'
   */
  readonly inDoubt?: 'retry' | 'ask' | 'fail' | 'report';
  /** Abandon the call after this long. @default 30000 */
  readonly timeoutMs?: number;
  /** Information-flow labels every result of this tool carries, e.g. `untrusted`. */
  readonly labels?: readonly string[];
}

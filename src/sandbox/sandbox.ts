import type { Clock, JsonValue } from '../core/index.js';
import type { SandboxError } from './sandbox-error.js';

/** The version of the `Sandbox` seam. Bumped on any change to the shapes below. */
export const SANDBOX_SEAM_VERSION = 1;

/**
 * The tools a piece of code may call, provided by the kernel. Each call becomes a kernel syscall with
 * origin `code`: the sandbox only marshals JSON across and turns a rejection into an error thrown in the guest.
 */
export interface SandboxToolBridge {
  /** Names the guest may call; any other name fails in the guest without reaching `call`. */
  readonly names: readonly string[];
  /** Runs one tool call. A rejection is thrown in the guest as an `Error` with its `code` and `message`. */
  call(name: string, input: unknown): Promise<unknown>;
}

/** Resource limits of one execution. Every field has a default; a sandbox may clamp them to its own maxima. */
export interface SandboxLimits {
  /** Wall-clock time for the whole execution, tool calls included; then the guest is killed. @default 5000 */
  timeoutMs?: number;
  /** Memory the guest may use (QuickJS heap; address space of the Python/shell process). @default 64 MiB (JS), 512 MiB (bwrap) */
  memoryBytes?: number;
  /** Bytes kept of stdout and of logs each; the rest is dropped with a note. @default 65536 */
  maxOutputBytes?: number;
  /** Largest JSON size of the returned value. @default 1 MiB */
  maxValueBytes?: number;
  /** Native stack of the JS interpreter. @default 512 KiB */
  stackBytes?: number;
  /** Tool calls one execution may make; later ones are refused in the guest with `TOOL_CALL_LIMIT`. @default 1000 */
  maxToolCalls?: number;
  /** CPU seconds (bwrap only). @default ceil(timeoutMs / 1000) */
  cpuSeconds?: number;
  /** Processes and threads of the sandbox's user (bwrap only). @default 32 */
  processes?: number;
  /** Largest file the guest may write, and the size of its private /tmp (bwrap only). @default 16 MiB */
  fileBytes?: number;
  /** Open file descriptors (bwrap only). @default 64 */
  openFiles?: number;
}

/** What one execution gets besides its code. */
export interface SandboxExecuteOptions {
  tools?: SandboxToolBridge;
  limits?: SandboxLimits;
  /** Seeds the guest's randomness (`Math.random`, Python's `random`). Same seed, same sequence. @default 0 */
  seed?: number | string;
  /**
   * The guest's clock. Read once at the start and once after each tool call returns; the guest sees that
   * time, standing still in between, so a journaled clock makes a re-run see the same times. @default system clock
   */
  clock?: Clock;
  /** Aborting kills the guest at once (`SANDBOX_KILLED`). */
  signal?: AbortSignal;
}

/** The outcome of one execution. Never thrown: every way the guest can end is a value here. */
export interface SandboxResult {
  /** The returned value as JSON (`undefined` when none, or when `error` is set). */
  value: JsonValue | undefined;
  /** What the guest printed (`console.log`, Python `print`, shell stdout), truncated with a note past the limit. */
  stdout: string;
  /** Diagnostics (`console.error`/`warn`, stderr), truncated with a note past the limit. */
  logs: string;
  /** Why the execution failed, classified by a stable `code` (see `SandboxErrorCode`). */
  error: SandboxError | undefined;
  /** Whether stdout or logs lost bytes to `maxOutputBytes`. */
  truncated: boolean;
  /** Tool calls the guest made (attempted, including refused ones). */
  toolCalls: number;
  /** Wall-clock milliseconds the execution took (real time, not the guest's clock). */
  durationMs: number;
}

/** Runs untrusted code in one language, isolated from the host, with limits. */
export interface Sandbox {
  /** `javascript`, `python` or `shell`. */
  readonly language: string;
  /** Runs `code`. Resolves with the outcome; rejects only with `SANDBOX_UNAVAILABLE` when it cannot run at all. */
  execute(code: string, options?: SandboxExecuteOptions): Promise<SandboxResult>;
  /** Kills every guest and idle worker this sandbox holds. Further `execute` calls fail with `SANDBOX_CLOSED`. */
  close(): Promise<void>;
}

import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolHost, ToolHostOrigin } from '../../tools/tool-host.js';
import type { KernelContext } from '../kernel-context.js';
import { SyscallScope } from '../syscall-scope.js';
import { BoundedNotes, boundedData, cut, maxLogEvents, maxProgressEvents } from './bounded-notes.js';
import { type ElicitationScope, elicit } from './elicit.js';
import { type SamplingScope, sample } from './sample.js';

interface Progress {
  progress: number;
  total?: number;
  message?: string;
}
interface LogEntry {
  server: string;
  level: string;
  logger?: string;
  data: unknown;
}

/**
 * The {@link ToolHost} of one tool syscall: what the tool's MCP server asks during the call is answered by the
 * run (elicitation, sampling) or recorded in its log (progress, logs, bounded). `stopped` is the error the call
 * ends the run's strategy with instead of its result (a pause for input, a budget), `labels` what the result carries.
 */
export class RunToolHost implements ToolHost {
  readonly labels = new Set<string>();
  #stopped: unknown;
  #abort: AbortController | undefined;
  #elicitations: ElicitationScope | undefined;
  #samplings: SamplingScope | undefined;
  #progress: BoundedNotes<Progress> | undefined;
  #logs: BoundedNotes<LogEntry> | undefined;
  #finished = false;

  // Every tool call gets a host; all its parts are made on first use, so a local tool pays for none of them.
  constructor(
    private readonly k: KernelContext,
    readonly syscallId: string,
    readonly toolName: string,
  ) {}

  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    return this.#abort.signal;
  }

  /** Why the call must not return its result, if it must not. */
  get stopped(): unknown {
    return this.#stopped;
  }

  elicit(request: ElicitRequestParams, origin: ToolHostOrigin): Promise<ElicitResult> {
    this.#elicitations ??= {
      syscallId: this.syscallId,
      toolName: this.toolName,
      asked: 0,
      signal: AbortSignal.any([this.signal, this.k.settings.signal]),
      stop: (error) => this.#stop(error),
      label: (label) => this.labels.add(label),
    };
    const scope = this.#elicitations;
    return this.#guard(() => elicit(this.k, scope, request, origin.server));
  }

  sample(request: CreateMessageRequestParams, origin: ToolHostOrigin): Promise<CreateMessageResult> {
    this.#samplings ??= {
      syscalls: new SyscallScope(SyscallScope.derived(this.syscallId, 'sampling')),
      sampled: 0,
      stop: (error) => this.#stop(error),
    };
    const scope = this.#samplings;
    return this.#guard(() => sample(this.k, scope, request, origin.server));
  }

  progress(update: Progress): void {
    if (this.#finished || !Number.isFinite(update.progress)) return;
    this.#progress ??= new BoundedNotes(maxProgressEvents, (note, coalesced) =>
      this.k.settings.journal.record({
        type: 'tool-progress',
        syscallId: this.syscallId,
        toolName: this.toolName,
        progress: note.progress,
        ...(note.total !== undefined && { total: note.total }),
        ...(note.message !== undefined && { message: cut(String(note.message)) }),
        ...(coalesced !== undefined && { coalesced }),
      }),
    );
    this.#progress.add(update);
  }

  log(entry: LogEntry): void {
    if (this.#finished) return;
    this.#logs ??= new BoundedNotes(maxLogEvents, (note, dropped) =>
      this.k.settings.journal.record({
        type: 'mcp-log',
        syscallId: this.syscallId,
        server: note.server,
        level: note.level,
        ...(note.logger !== undefined && { logger: cut(String(note.logger)) }),
        data: boundedData(note.data),
        ...(dropped !== undefined && { dropped }),
      }),
    );
    this.#logs.add(entry);
  }

  /** The call ended: coalesced notes are written, later ones ignored. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#progress?.finish();
    this.#logs?.finish();
  }

  async #guard<T>(serve: () => Promise<T>): Promise<T> {
    if (this.#finished || this.#stopped !== undefined) {
      throw new Error('the tool call this request belongs to has ended');
    }
    return serve();
  }

  #stop(error: unknown): void {
    this.#stopped ??= error;
    this.#abort ??= new AbortController();
    this.#abort.abort(error);
  }
}

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
import { elicit } from './elicit.js';
import { sample } from './sample.js';

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
  readonly #abort = new AbortController();
  readonly #elicitations;
  readonly #samplings;
  readonly #progress: BoundedNotes<Progress>;
  readonly #logs: BoundedNotes<LogEntry>;
  #finished = false;

  constructor(
    private readonly k: KernelContext,
    readonly syscallId: string,
    readonly toolName: string,
  ) {
    const stop = (error: unknown) => this.#stop(error);
    this.#elicitations = {
      syscallId,
      toolName,
      asked: 0,
      signal: AbortSignal.any([this.#abort.signal, k.settings.signal]),
      stop,
      label: (label: string) => this.labels.add(label),
    };
    this.#samplings = { syscalls: new SyscallScope(SyscallScope.derived(syscallId, 'sampling')), sampled: 0, stop };
    const journal = k.settings.journal;
    this.#progress = new BoundedNotes(maxProgressEvents, (note, coalesced) =>
      journal.record({
        type: 'tool-progress',
        syscallId,
        toolName,
        progress: note.progress,
        ...(note.total !== undefined && { total: note.total }),
        ...(note.message !== undefined && { message: cut(String(note.message)) }),
        ...(coalesced !== undefined && { coalesced }),
      }),
    );
    this.#logs = new BoundedNotes(maxLogEvents, (entry, dropped) =>
      journal.record({
        type: 'mcp-log',
        syscallId,
        server: entry.server,
        level: entry.level,
        ...(entry.logger !== undefined && { logger: cut(String(entry.logger)) }),
        data: boundedData(entry.data),
        ...(dropped !== undefined && { dropped }),
      }),
    );
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Why the call must not return its result, if it must not. */
  get stopped(): unknown {
    return this.#stopped;
  }

  elicit(request: ElicitRequestParams, origin: ToolHostOrigin): Promise<ElicitResult> {
    return this.#guard(() => elicit(this.k, this.#elicitations, request, origin.server));
  }

  sample(request: CreateMessageRequestParams, origin: ToolHostOrigin): Promise<CreateMessageResult> {
    return this.#guard(() => sample(this.k, this.#samplings, request, origin.server));
  }

  progress(update: Progress): void {
    if (!this.#finished && Number.isFinite(update.progress)) this.#progress.add(update);
  }

  log(entry: LogEntry): void {
    if (!this.#finished) this.#logs.add(entry);
  }

  /** The call ended: coalesced notes are written, later ones ignored. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#progress.finish();
    this.#logs.finish();
  }

  async #guard<T>(serve: () => Promise<T>): Promise<T> {
    if (this.#finished || this.#stopped !== undefined) {
      throw new Error('the tool call this request belongs to has ended');
    }
    return serve();
  }

  #stop(error: unknown): void {
    this.#stopped ??= error;
    this.#abort.abort(error);
  }
}

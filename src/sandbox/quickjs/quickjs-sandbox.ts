import { type JsonValue, systemClock } from '../../core/index.js';
import { type ResolvedLimits, normalizeSeed, resolveLimits } from '../limits.js';
import { OutputBuffer } from '../output-buffer.js';
import type { Sandbox, SandboxExecuteOptions, SandboxLimits, SandboxResult } from '../sandbox.js';
import { SandboxError, sandboxKilled, sandboxMemory, sandboxTimeout } from '../sandbox-error.js';
import { type ToolReply, ToolReplyQueue, toolCallLimit } from '../tool-reply-queue.js';
import { QuickJsWorker, compiledQuickJs } from './quickjs-worker-handle.js';

/** Settings of a JavaScript sandbox. */
export interface QuickJsSandboxOptions {
  /** Warm workers kept ready between executions, so an execution pays no cold start. @default 1 */
  poolSize?: number;
  /** Limits used where an execution gives none. */
  defaults?: SandboxLimits;
  /**
   * Hard cap on one worker's WebAssembly memory, whatever the executions' `memoryBytes`; larger limits are clamped
   * below it. @default 512 MiB
   */
  workerMemoryCapBytes?: number;
  /** Called with a worker's thread id once that worker is gone (killed or retired). For tests and metrics. */
  onWorkerExit?: (threadId: number) => void;
}

/** How long past the deadline the host waits for QuickJS's own interrupt before it terminates the worker. */
const KILL_GRACE_MS = 50;

interface DoneMessage {
  type: 'done';
  value?: string;
  stdout: string;
  logs: string;
  toolCalls: number;
  recycle: boolean;
  error?: { code: string; message: string; data?: Record<string, unknown> };
}

interface ToolCallMessage {
  type: 'tool-call';
  callId: number;
  name: string;
  input: string;
}

/**
 * JavaScript in QuickJS (WebAssembly) inside a `worker_threads` worker: a fresh QuickJS runtime per execution
 * with a memory limit, a stack limit and an interrupt deadline, and the worker terminated when the deadline passes
 * or the signal aborts. The guest has no fs, net, process, timers or modules: only `console`, `tools`, `callTool`,
 * a seeded `Math.random` and a `Date` that reads the given clock.
 */
export class QuickJsSandbox implements Sandbox {
  readonly language = 'javascript';
  readonly #idle: QuickJsWorker[] = [];
  readonly #busy = new Set<QuickJsWorker>();
  readonly #poolSize: number;
  readonly #defaults: SandboxLimits;
  readonly #onWorkerExit: ((threadId: number) => void) | undefined;
  readonly #memoryCap: number;
  #closed = false;
  #warming: Promise<void> | undefined;

  constructor(options: QuickJsSandboxOptions = {}) {
    this.#poolSize = Math.max(0, options.poolSize ?? 1);
    this.#defaults = options.defaults ?? {};
    this.#onWorkerExit = options.onWorkerExit;
    this.#memoryCap = Math.max(64 << 20, options.workerMemoryCapBytes ?? 512 << 20);
  }

  /** Starts workers until `poolSize` are idle. Resolves when they are ready. */
  warm(): Promise<void> {
    this.#warming ??= (async () => {
      while (!this.#closed && this.#idle.length < this.#poolSize) {
        const worker = await this.#spawn();
        await worker.ready;
        if (this.#closed) await this.#retire(worker);
        else this.#park(worker);
      }
    })().finally(() => {
      this.#warming = undefined;
    });
    return this.#warming;
  }

  /** Thread ids of the workers this sandbox holds, idle or busy. */
  threadIds(): { idle: number[]; busy: number[] } {
    return { idle: this.#idle.map((w) => w.threadId), busy: [...this.#busy].map((w) => w.threadId) };
  }

  async execute(code: string, options: SandboxExecuteOptions = {}): Promise<SandboxResult> {
    const started = performance.now();
    const resolved = resolveLimits(options.limits, this.#defaults);
    // Leave room under the worker's cap for the interpreter itself and the worker's earlier growth.
    const limits = { ...resolved, memoryBytes: Math.min(resolved.memoryBytes, Math.floor(this.#memoryCap / 4)) };
    const fail = (error: SandboxError): SandboxResult => ({
      value: undefined,
      stdout: '',
      logs: '',
      error,
      truncated: false,
      toolCalls: 0,
      durationMs: performance.now() - started,
    });
    if (this.#closed) return fail(new SandboxError('SANDBOX_CLOSED', 'This sandbox was closed. Create a new one.'));
    if (options.signal?.aborted) return fail(sandboxKilled(options.signal.reason));
    const worker = this.#idle.pop() ?? (await this.#spawn());
    worker.worker.ref();
    this.#busy.add(worker);
    try {
      await worker.ready;
    } catch (error) {
      this.#busy.delete(worker);
      throw error;
    }
    const outcome = await this.#run(worker, code, options, limits);
    this.#busy.delete(worker);
    const keep = outcome.keep && !this.#closed && worker.alive && this.#idle.length < this.#poolSize;
    if (keep) this.#park(worker);
    else await this.#retire(worker);
    if (!this.#closed && this.#idle.length < this.#poolSize) void this.warm().catch(() => {});
    return { ...outcome.result, durationMs: performance.now() - started };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#idle, ...this.#busy];
    this.#idle.length = 0;
    await Promise.all(all.map((worker) => this.#retire(worker)));
    await this.#warming?.catch(() => {});
  }

  /** An idle worker does not keep the process alive: a program that is done can exit without `close()`. */
  #park(worker: QuickJsWorker): void {
    worker.worker.unref();
    this.#idle.push(worker);
  }

  async #spawn(): Promise<QuickJsWorker> {
    return new QuickJsWorker(64, await compiledQuickJs(), this.#memoryCap);
  }

  async #retire(worker: QuickJsWorker): Promise<void> {
    await worker.kill();
    this.#onWorkerExit?.(worker.threadId);
  }

  #run(
    worker: QuickJsWorker,
    code: string,
    options: SandboxExecuteOptions,
    limits: ResolvedLimits,
  ): Promise<{ result: SandboxResult; keep: boolean }> {
    const clock = options.clock ?? systemClock;
    const tools = options.tools;
    const names = tools ? [...tools.names] : [];
    const allowed = new Set(names);
    const deadline = Date.now() + limits.timeoutMs;
    const id = Math.random();
    let settled = false;
    // A call still running when the guest ended must not reach the worker's next execution (nor read the clock).
    const replies = new ToolReplyQueue((callId, reply) => {
      if (settled) return;
      worker.worker.postMessage({ type: 'tool-result', id, callId, reply: JSON.stringify(reply), now: clock.now() });
    });
    let toolCalls = 0;
    return new Promise((resolve) => {
      const finish = (fields: Partial<SandboxResult> & { error?: SandboxError | undefined }, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        worker.worker.off('message', onMessage);
        worker.worker.off('error', onError);
        worker.worker.off('exit', onExit);
        const stdout = new OutputBuffer(limits.maxOutputBytes);
        const logs = new OutputBuffer(limits.maxOutputBytes);
        stdout.write(fields.stdout ?? '');
        logs.write(fields.logs ?? '');
        resolve({
          keep,
          result: {
            value: fields.error ? undefined : fields.value,
            stdout: stdout.text(),
            logs: logs.text(),
            error: fields.error,
            truncated: stdout.truncated || logs.truncated,
            toolCalls: Math.max(toolCalls, fields.toolCalls ?? 0),
            durationMs: 0,
          },
        });
      };
      const onDone = (message: DoneMessage) => {
        let error = message.error ? toSandboxError(message.error, limits) : valueTooLarge(message.value, limits);
        let value: JsonValue | undefined;
        if (!error && message.value !== undefined) {
          try {
            value = JSON.parse(message.value) as JsonValue;
          } catch {
            error = new SandboxError(
              'SANDBOX_GUEST_ERROR',
              'The returned value is not JSON (was JSON.stringify replaced?).',
            );
          }
        }
        const healthy = !message.recycle && (!error || error.code === 'SANDBOX_GUEST_ERROR');
        finish({ value, stdout: message.stdout, logs: message.logs, toolCalls: message.toolCalls, error }, healthy);
      };
      const onToolCall = (message: ToolCallMessage) => {
        toolCalls++;
        if (toolCalls > limits.maxToolCalls) {
          replies.settle(message.callId, toolCallLimit(limits.maxToolCalls));
          return;
        }
        if (!tools || !allowed.has(message.name)) {
          replies.settle(message.callId, {
            ok: false,
            error: { code: 'TOOL_NOT_FOUND', message: `There is no tool "${message.name}" here.` },
          });
          return;
        }
        replies.call(message.callId, () => tools.call(message.name, JSON.parse(message.input) as unknown));
        // JSON.parse runs inside `call`'s promise: input that is not JSON becomes a refusal, never a host exception.
      };
      const onMessage = (message: DoneMessage | ToolCallMessage) => {
        if (message.type === 'done') onDone(message);
        else if (message.type === 'tool-call') onToolCall(message);
      };
      const onError = (error: Error & { code?: string }) => {
        finish(
          {
            error:
              error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? sandboxMemory(limits.memoryBytes)
                : new SandboxError('SANDBOX_CRASHED', `The JavaScript worker failed: ${error.message}`),
          },
          false,
        );
      };
      const onExit = () =>
        finish({ error: new SandboxError('SANDBOX_CRASHED', 'The JavaScript worker exited unexpectedly.') }, false);
      const onAbort = () => finish({ error: sandboxKilled(options.signal?.reason) }, false);
      const timer = setTimeout(
        () => finish({ error: sandboxTimeout(limits.timeoutMs) }, false),
        limits.timeoutMs + KILL_GRACE_MS,
      );
      worker.worker.on('message', onMessage);
      worker.worker.once('error', onError);
      worker.worker.once('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      // Aborted while a worker was being started or made ready: the listener above never fires.
      if (options.signal?.aborted) {
        onAbort();
        return;
      }
      worker.worker.postMessage({
        type: 'execute',
        id,
        code,
        names,
        seed: normalizeSeed(options.seed),
        now: clock.now(),
        deadline,
        limits: {
          memoryBytes: limits.memoryBytes,
          stackBytes: limits.stackBytes,
          maxOutputBytes: limits.maxOutputBytes,
        },
      });
    });
  }
}

function toSandboxError(
  error: { code: string; message: string; data?: Record<string, unknown> },
  limits: ResolvedLimits,
) {
  if (error.code === 'SANDBOX_TIMEOUT') return sandboxTimeout(limits.timeoutMs);
  if (error.code === 'SANDBOX_MEMORY') return sandboxMemory(limits.memoryBytes);
  return SandboxError.fromJSON(error);
}

function valueTooLarge(value: string | undefined, limits: ResolvedLimits): SandboxError | undefined {
  if (value === undefined || Buffer.byteLength(value) <= limits.maxValueBytes) return undefined;
  return new SandboxError(
    'SANDBOX_OUTPUT_LIMIT',
    `The returned value is ${Buffer.byteLength(value)} bytes of JSON, over the ${limits.maxValueBytes} byte limit. Return a summary, or print the part you need.`,
    { limit: 'maxValueBytes', limitValue: limits.maxValueBytes },
  );
}

/** Creates a JavaScript sandbox (QuickJS in a worker thread). Call `warm()` to pay the cold start up front. */
export function createQuickJsSandbox(options: QuickJsSandboxOptions = {}): QuickJsSandbox {
  return new QuickJsSandbox(options);
}

export type { ToolReply };

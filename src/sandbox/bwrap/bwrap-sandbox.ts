import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { type JsonValue, systemClock } from '../../core/index.js';
import { type ResolvedLimits, normalizeSeed, resolveLimits } from '../limits.js';
import { OutputBuffer } from '../output-buffer.js';
import type { Sandbox, SandboxExecuteOptions, SandboxLimits, SandboxResult } from '../sandbox.js';
import { SandboxError, sandboxKilled, sandboxMemory, sandboxTimeout } from '../sandbox-error.js';
import { ToolReplyQueue, toolCallLimit } from '../tool-reply-queue.js';
import { bwrapArgs } from './bwrap-args.js';
import { bwrapMissing, findBwrap } from './find-bwrap.js';
import { PYTHON_RUNNER, SHELL_RUNNER, TOOL_COMMAND } from './guest-programs.js';
import { killUidAndWait, sandboxUid } from './sandbox-uid.js';

const MiB = 1024 * 1024;

/** Settings of a Python or shell sandbox. */
export interface BwrapSandboxOptions {
  /** Path of bwrap. @default found in /usr/bin, /usr/local/bin, /bin or PATH */
  bwrapPath?: string;
  /** Limits used where an execution gives none. */
  defaults?: SandboxLimits;
  /** Called with the host pid of bwrap once an execution starts (for tests that check the process is gone). */
  onSpawn?: (pid: number, uid: number | undefined) => void;
}

interface GuestMessage {
  t?: string;
  name?: unknown;
  input?: unknown;
  json?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
}

/**
 * Python (`/usr/bin/python3`, stdlib only) or shell (`/bin/sh`) in a bubblewrap sandbox: no network, a
 * read-only system, a private size-limited /tmp, an unprivileged user, limits on memory, CPU, processes, file size
 * and descriptors, and the whole process tree killed at the deadline or on abort. Each execution is a fresh process.
 */
export class BwrapSandbox implements Sandbox {
  readonly #bwrap: string | undefined;
  readonly #defaults: SandboxLimits;
  readonly #running = new Set<() => void>();
  readonly #onSpawn: BwrapSandboxOptions['onSpawn'];
  #closed = false;

  constructor(
    readonly language: 'python' | 'shell',
    options: BwrapSandboxOptions = {},
  ) {
    this.#bwrap = options.bwrapPath ?? findBwrap();
    this.#defaults = { memoryBytes: 256 * MiB, processes: 16, ...options.defaults };
    this.#onSpawn = options.onSpawn;
  }

  /** Whether bubblewrap was found. */
  get available(): boolean {
    return this.#bwrap !== undefined;
  }

  async execute(code: string, options: SandboxExecuteOptions = {}): Promise<SandboxResult> {
    if (!this.#bwrap) throw bwrapMissing();
    const started = performance.now();
    const limits = resolveLimits(options.limits, this.#defaults);
    const empty = { value: undefined, stdout: '', logs: '', truncated: false, toolCalls: 0 };
    if (this.#closed) {
      const error = new SandboxError('SANDBOX_CLOSED', 'This sandbox was closed. Create a new one.');
      return { ...empty, error, durationMs: performance.now() - started };
    }
    if (options.signal?.aborted) return { ...empty, error: sandboxKilled(options.signal.reason), durationMs: 0 };
    const result = await this.#run(this.#bwrap, code, options, limits);
    return { ...result, durationMs: performance.now() - started };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const kill of this.#running) kill();
  }

  #run(bwrap: string, code: string, options: SandboxExecuteOptions, limits: ResolvedLimits) {
    const clock = options.clock ?? systemClock;
    const names = options.tools ? [...options.tools.names] : [];
    const env: Record<string, string> = {
      PATH: '/usr/bin:/bin',
      HOME: '/tmp',
      LANG: 'C.UTF-8',
      PYTHONHASHSEED: '0',
      PYTHONDONTWRITEBYTECODE: '1',
      WARDEN_TOOLS: JSON.stringify(names),
      WARDEN_NOW_MS: String(clock.now()),
      WARDEN_SEED: String(normalizeSeed(options.seed)),
    };
    if (this.language === 'shell') env.WARDEN_TOOL_COMMAND = TOOL_COMMAND;
    const argv =
      this.language === 'python'
        ? ['/usr/bin/python3', '-I', '-S', '-c', PYTHON_RUNNER]
        : ['/bin/sh', '-c', SHELL_RUNNER];
    const uid = sandboxUid();
    const child = spawn(bwrap, bwrapArgs({ argv, env, limits }), {
      // An empty environment: bwrap is pid 1 inside and its /proc/1/environ is readable by the guest.
      env: {},
      cwd: '/',
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid, gid: uid }),
    });
    if (child.pid !== undefined) this.#onSpawn?.(child.pid, uid);
    return runChild(child, code, options, limits, uid, clock.now, this.#running);
  }
}

function runChild(
  child: ChildProcess,
  code: string,
  options: SandboxExecuteOptions,
  limits: ResolvedLimits,
  uid: number | undefined,
  now: () => number,
  running: Set<() => void>,
): Promise<Omit<SandboxResult, 'durationMs'>> {
  const stdout = new OutputBuffer(limits.maxOutputBytes);
  const logs = new OutputBuffer(limits.maxOutputBytes);
  const requests = child.stdio[3] as Readable;
  const replies = child.stdio[4] as Writable;
  // The codes this host refused calls with: only those may come back as an uncaught refusal's `toolErrorCode`
  // (and TOOL_NOT_FOUND, which the guest's runner raises itself for a name it was not given).
  const refusedWith = new Set<string>(['TOOL_NOT_FOUND']);
  const queue = new ToolReplyQueue((_callId, reply) => {
    if (!reply.ok) refusedWith.add(reply.error.code);
    if (!replies.destroyed) replies.write(`${JSON.stringify({ ...reply, now: now() })}\n`);
  });
  const allowed = new Set(options.tools?.names ?? []);
  let toolCalls = 0;
  let outcome: { value?: JsonValue; error?: SandboxError } | undefined;
  let killedWith: SandboxError | undefined;
  let channelBytes = 0;
  let pending = '';

  return new Promise((resolve) => {
    const kill = (error: SandboxError) => {
      killedWith ??= error;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const onKill = () => kill(new SandboxError('SANDBOX_CLOSED', 'The sandbox was closed while the code ran.'));
    running.add(onKill);
    const timer = setTimeout(() => kill(sandboxTimeout(limits.timeoutMs)), limits.timeoutMs);
    const onAbort = () => kill(sandboxKilled(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const onMessage = (message: GuestMessage) => {
      if (message.t === 'call') {
        const callId = toolCalls++;
        const name = String(message.name);
        const tools = options.tools;
        if (toolCalls > limits.maxToolCalls) queue.settle(callId, toolCallLimit(limits.maxToolCalls));
        else if (!tools || !allowed.has(name)) {
          queue.settle(callId, {
            ok: false,
            error: { code: 'TOOL_NOT_FOUND', message: `There is no tool "${name}" here.` },
          });
        } else queue.call(callId, () => tools.call(name, message.input));
      } else if (message.t === 'value') {
        outcome ??= typeof message.json === 'string' ? { value: JSON.parse(message.json) as JsonValue } : {};
        // (a value that is not JSON throws here and ends the execution as a guest error, below)
      } else if (message.t === 'error') outcome ??= { error: guestError(message, limits, refusedWith) };
    };
    requests.setEncoding('utf8');
    requests.on('data', (chunk: string) => {
      channelBytes += chunk.length;
      if (channelBytes > limits.maxValueBytes + 64 * 1024 * Math.max(1, toolCalls)) {
        kill(outputLimit('The code wrote more to the tool channel than it may', limits));
        return;
      }
      pending += chunk;
      for (let index = pending.indexOf('\n'); index >= 0; index = pending.indexOf('\n')) {
        const line = pending.slice(0, index);
        pending = pending.slice(index + 1);
        try {
          onMessage(JSON.parse(line) as GuestMessage);
        } catch {
          kill(
            new SandboxError(
              'SANDBOX_GUEST_ERROR',
              'The code wrote something that is not JSON to the tool channel (fd 3).',
            ),
          );
        }
      }
    });
    requests.on('error', () => {});
    replies.on('error', () => {});
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.write(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => logs.write(chunk));
    child.stdin?.on('error', () => {});
    child.stdin?.end(code);
    child.on('error', (error) =>
      kill(new SandboxError('SANDBOX_UNAVAILABLE', `bwrap could not start: ${error.message}`)),
    );
    child.on('close', async (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      running.delete(onKill);
      // The tree should already be gone (pid 1 of its namespace died); make sure nothing of its user survives.
      if (uid !== undefined) await killUidAndWait(uid);
      const error =
        killedWith ??
        outcome?.error ??
        exitError(exitCode, signal, logs.text(), limits) ??
        (outcome?.value !== undefined ? valueTooLarge(outcome.value, limits) : undefined);
      resolve({
        value: error ? undefined : outcome?.value,
        stdout: stdout.text(),
        logs: logs.text(),
        error,
        truncated: stdout.truncated || logs.truncated,
        toolCalls,
      });
    });
  });
}

/** The guest's uncaught error; its `code` is a `toolErrorCode` only if this host refused a call with that code. */
function guestError(message: GuestMessage, limits: ResolvedLimits, refusedWith: ReadonlySet<string>): SandboxError {
  const name = typeof message.name === 'string' ? message.name : 'Error';
  if (name === 'MemoryError') return sandboxMemory(limits.memoryBytes);
  const text = typeof message.message === 'string' ? message.message : '';
  return new SandboxError('SANDBOX_GUEST_ERROR', `${name}: ${text}`.slice(0, 2000), {
    guestName: name,
    ...(typeof message.stack === 'string' && message.stack ? { guestStack: message.stack } : {}),
    ...(typeof message.code === 'string' && refusedWith.has(message.code) ? { toolErrorCode: message.code } : {}),
  });
}

function exitError(
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  logs: string,
  limits: ResolvedLimits,
): SandboxError | undefined {
  if (exitCode === 0) return undefined;
  if (signal === 'SIGXCPU' || exitCode === 128 + 24)
    return sandboxTimeout(limits.cpuSeconds * 1000, 'The code used all its CPU time and');
  if (/MemoryError|Cannot allocate memory|out of memory/i.test(logs)) return sandboxMemory(limits.memoryBytes);
  const tail = logs.trim().split('\n').slice(-5).join('\n').slice(-1000);
  return new SandboxError(
    'SANDBOX_GUEST_ERROR',
    `The code exited with ${signal ? `signal ${signal}` : `code ${exitCode}`}${tail ? `: ${tail}` : '.'}`,
    { exitCode, signal },
  );
}

function outputLimit(what: string, limits: ResolvedLimits): SandboxError {
  return new SandboxError('SANDBOX_OUTPUT_LIMIT', `${what} (${limits.maxValueBytes} bytes). Return less.`, {
    limit: 'maxValueBytes',
    limitValue: limits.maxValueBytes,
  });
}

function valueTooLarge(value: JsonValue, limits: ResolvedLimits): SandboxError | undefined {
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size <= limits.maxValueBytes) return undefined;
  return outputLimit(`The returned value is ${size} bytes of JSON, over the limit`, limits);
}

/** Creates a Python sandbox (stdlib `/usr/bin/python3` under bubblewrap). */
export function createPythonSandbox(options: BwrapSandboxOptions = {}): BwrapSandbox {
  return new BwrapSandbox('python', options);
}

/** Creates a shell sandbox (`/bin/sh` under bubblewrap; tools via `tool NAME [JSON]`). */
export function createShellSandbox(options: BwrapSandboxOptions = {}): BwrapSandbox {
  return new BwrapSandbox('shell', options);
}

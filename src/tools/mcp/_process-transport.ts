import { type ChildProcess, spawn } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineReader, resultTooLargeCode } from './_line-reader.js';
import { StderrTail } from './_stderr-tail.js';

export interface ProcessTransportParams {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  onStderr?: (text: string) => void;
  /** The longest message the server may send; a longer one fails its request at once. */
  maxResultBytes: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long to wait for stdout/stderr to drain after the process exits before reporting the close anyway. */
const drainGraceMs = 500;
const closeGraceMs = 2000;

/**
 * MCP over a child process's stdin/stdout. Unlike the SDK's `StdioClientTransport`,
 * it keeps the exit code, signal, spawn error and stderr tail for error messages.
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly stderr = new StderrTail();
  exit: ProcessExit | undefined;
  spawnError: NodeJS.ErrnoException | undefined;

  readonly #params: ProcessTransportParams;
  readonly #reader: LineReader;
  /** Ids of our requests still waiting for an answer. */
  readonly #pending = new Set<string | number>();
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;
  #closeReported = false;

  constructor(params: ProcessTransportParams) {
    this.#params = params;
    this.#reader = new LineReader(params.maxResultBytes);
  }

  start(): Promise<void> {
    if (this.#child) throw new Error('ProcessTransport already started.');
    return new Promise((resolve, reject) => {
      const child = spawn(this.#params.command, this.#params.args ?? [], {
        env: { ...getDefaultEnvironment(), ...this.#params.env },
        cwd: this.#params.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
      this.#child = child;
      this.#exited = new Promise((done) => child.once('close', () => done()));
      child.once('spawn', () => resolve());
      child.on('error', (error) => {
        if (!this.exit && child.pid === undefined) {
          this.spawnError = error;
          reject(error);
        }
        this.onerror?.(error);
      });
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        setTimeout(() => this.#reportClose(), drainGraceMs).unref();
      });
      child.once('close', (code, signal) => {
        this.exit ??= { code, signal };
        this.#reportClose();
      });
      child.stdout?.on('data', (chunk: Buffer) => this.#read(chunk));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        this.stderr.push(text);
        this.#params.onStderr?.(text);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin?.writable || this.exit) return Promise.reject(new Error('The MCP server process is not running.'));
    if ('method' in message && 'id' in message) this.#pending.add(message.id);
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Ends stdin, then escalates to SIGTERM and SIGKILL; resolves once the process is gone. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child && !this.exit) {
      child.stdin?.end();
      if (!(await this.#waitForExit(closeGraceMs))) child.kill('SIGTERM');
      if (!(await this.#waitForExit(closeGraceMs))) child.kill('SIGKILL');
      await this.#waitForExit(closeGraceMs);
    }
    this.#reader.clear();
    this.#reportClose();
  }

  #read(chunk: Buffer): void {
    for (const event of this.#reader.read(chunk)) {
      if (event.kind === 'message') {
        const message = event.message;
        if (!('method' in message) && 'id' in message && message.id !== undefined) this.#pending.delete(message.id);
        this.onmessage?.(message);
      } else if (event.kind === 'invalid') {
        // A line that is not JSON-RPC (e.g. a stray log on stdout) is reported and skipped.
        this.onerror?.(event.error);
      } else {
        this.#rejectOversized(event.id, event.bytes);
      }
    }
  }

  /** Answers the request an oversized reply was for (or, when its id is unreadable, every waiting one) with an error. */
  #rejectOversized(id: string | number | undefined, bytes: number): void {
    const ids = id === undefined ? [...this.#pending] : this.#pending.has(id) ? [id] : [];
    if (ids.length === 0) {
      this.onerror?.(new Error(`Skipped a ${bytes}-byte message from the MCP server: it exceeds maxResultBytes.`));
      return;
    }
    const { maxResultBytes } = this.#params;
    for (const pending of ids) {
      this.#pending.delete(pending);
      this.onmessage?.({
        jsonrpc: '2.0',
        id: pending,
        error: {
          code: resultTooLargeCode,
          message: `The server's reply was over ${maxResultBytes} bytes (maxResultBytes).`,
          data: { maxResultBytes, bytes },
        },
      });
    }
  }

  async #waitForExit(ms: number): Promise<boolean> {
    if (this.exit || !this.#exited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const exited = this.#exited.then(() => true);
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #reportClose(): void {
    if (this.#closeReported) return;
    this.#closeReported = true;
    this.onclose?.();
  }
}

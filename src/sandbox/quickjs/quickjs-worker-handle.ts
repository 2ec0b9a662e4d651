import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sandboxUnavailable } from '../sandbox-error.js';

const require = createRequire(import.meta.url);

function moduleUrl(name: string): string {
  // The ESM entry of each package (the worker imports them); resolved here so the worker needs no resolution.
  const main = require.resolve(name);
  return pathToFileURL(main.replace(/index\.js$/, 'index.mjs')).href;
}

/** A compiled `WebAssembly.Module` (opaque here: this project's TypeScript lib has no WebAssembly types). */
export type CompiledWasm = unknown;
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm> } })
  .WebAssembly;

let compiled: Promise<CompiledWasm | undefined> | undefined;

/** The QuickJS WebAssembly, compiled once per process and shared with every worker (undefined if it fails). */
export function compiledQuickJs(): Promise<CompiledWasm | undefined> {
  compiled ??= (async () => {
    const main = require.resolve('@jitl/quickjs-wasmfile-release-sync');
    const file = main.replace(/index\.js$/, 'emscripten-module.wasm');
    return wasm.compile(await readFile(file));
  })().catch(() => undefined);
  return compiled;
}

/** One QuickJS worker thread: the WebAssembly module loaded, ready for executions one at a time. */
export class QuickJsWorker {
  readonly worker: Worker;
  readonly threadId: number;
  /** Resolves once the WebAssembly module is loaded; rejects with `SANDBOX_UNAVAILABLE` if it cannot be. */
  readonly ready: Promise<void>;
  /** Resolves when the thread has exited, whatever the reason. */
  readonly exited: Promise<void>;
  #alive = true;

  constructor(heapMb: number, wasmModule: unknown, memoryCapBytes: number) {
    this.worker = new Worker(new URL('./quickjs-worker.mjs', import.meta.url), {
      workerData: {
        coreUrl: moduleUrl('quickjs-emscripten-core'),
        variantUrl: moduleUrl('@jitl/quickjs-wasmfile-release-sync'),
        wasmModule,
        memoryCapBytes,
      },
      // The worker is plain JavaScript: no loader hooks (tsx) inherited from the host, which would slow its start.
      execArgv: [],
      // A backstop: QuickJS's own memory limit stops the guest long before the thread's V8 heap fills.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
      env: {},
    });
    this.threadId = this.worker.threadId;
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => {
      this.#alive = false;
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: { type?: string }) => {
        if (message?.type !== 'ready') return;
        cleanup();
        resolve();
      };
      const onError = (error: unknown) => {
        cleanup();
        reject(
          sandboxUnavailable(
            `The QuickJS worker could not start: ${String(error)}. Reinstall dependencies (npm ci).`,
            error,
          ),
        );
      };
      const onExit = () => onError(new Error('the worker exited before it was ready'));
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
    });
    // The rejection is observed by whoever acquires this worker; never leave it unhandled.
    this.ready.catch(() => {});
  }

  /** Whether the thread is still running. */
  get alive(): boolean {
    return this.#alive;
  }

  /** Terminates the thread and resolves once it is gone. */
  async kill(): Promise<void> {
    this.#alive = false;
    await this.worker.terminate().catch(() => {});
    await this.exited;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./ledger-worker.ts', import.meta.url));

/** One worker process of the pool. */
export interface PoolWorker {
  id: string;
  child: ChildProcess;
  ready: Promise<void>;
  alive: boolean;
}

/** Worker processes that print one line per point of a run; lines reach every listener. */
export class WorkerPool {
  readonly workers = new Set<PoolWorker>();
  private readonly listeners = new Set<(worker: PoolWorker, line: string) => void>();
  spawned = 0;
  stderr = '';

  constructor(private readonly settings: (id: string) => object) {}

  spawn(): PoolWorker {
    const id = `crash-worker-${++this.spawned}`;
    const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(this.settings(id))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let readyResolve: () => void = () => {};
    const worker: PoolWorker = { id, child, alive: true, ready: new Promise((resolve) => (readyResolve = resolve)) };
    this.workers.add(worker);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line === 'ready') readyResolve();
        for (const listener of this.listeners) listener(worker, line);
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', () => {
      worker.alive = false;
      this.workers.delete(worker);
    });
    return worker;
  }

  /** Resolves with the first worker that prints `line`. */
  waitFor(line: string, timeoutMs: number): Promise<PoolWorker | undefined> {
    return new Promise((resolve) => {
      const listener = (worker: PoolWorker, printed: string) => {
        if (printed !== line) return;
        done(worker);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (worker: PoolWorker | undefined) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(worker);
      };
      this.listeners.add(listener);
    });
  }

  /** SIGKILLs a worker; resolves once it is gone. */
  async kill(worker: PoolWorker): Promise<void> {
    if (!worker.alive) return;
    const exited = new Promise((resolve) => worker.child.once('exit', resolve));
    worker.child.kill('SIGKILL');
    await exited;
  }

  async readyCount(): Promise<number> {
    return [...this.workers].filter((worker) => worker.alive).length;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => this.kill(worker)));
  }
}

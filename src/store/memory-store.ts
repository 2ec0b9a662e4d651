import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';
import { NotFoundError } from '../core/errors/run-errors.js';
import type { AppendOptions, NewRun, RunFilter, RunPatch, RunRecord, RunStore } from './run-store.js';

/** A run store in process memory: the library's default; nothing survives the process. */
export class MemoryRunStore implements RunStore {
  readonly location = 'memory';
  private readonly runs = new Map<string, RunRecord>();
  private readonly events = new Map<string, RunEvent[]>();

  async createRun(run: NewRun): Promise<void> {
    if (this.runs.has(run.id))
      throw new StoreError(`A run with id "${run.id}" already exists.`, undefined, 'STORE_CONFLICT');
    const record: RunRecord = {
      ...withoutUndefined(run),
      status: run.status ?? 'running',
      updatedAt: run.createdAt,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      costUsd: 0,
      steps: 0,
      lastSeq: -1,
    };
    this.runs.set(run.id, record);
    this.events.set(run.id, []);
  }

  async append(runId: string, events: readonly RunEvent[], options: AppendOptions = {}): Promise<void> {
    if (options.create) await this.createRun(options.create);
    const run = this.require(runId);
    const log = this.events.get(runId)!;
    let expected = run.lastSeq + 1;
    for (const event of events) {
      if (event.seq !== expected) {
        throw new StoreError(
          `Event seq ${event.seq} does not continue run ${runId} (expected ${expected}); the log is append-only.`,
          undefined,
          'STORE_CONFLICT',
        );
      }
      expected++;
    }
    for (const event of events) log.push(structuredClone(event));
    run.lastSeq = expected - 1;
    if (options.patch) await this.updateRun(runId, options.patch);
  }

  async readEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<RunEvent[]> {
    const log = this.events.get(runId) ?? [];
    const after = options.afterSeq ?? -1;
    const selected = log.filter((event) => event.seq > after);
    return structuredClone(options.limit === undefined ? selected : selected.slice(0, options.limit));
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  async updateRun(runId: string, patch: RunPatch): Promise<void> {
    const run = this.require(runId);
    Object.assign(run, structuredClone(withoutUndefined(patch)));
    if (patch.updatedAt === undefined) run.updatedAt = Math.max(run.updatedAt, Date.now());
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const statuses = filter.status === undefined ? undefined : [filter.status].flat();
    return [...this.runs.values()]
      .filter(
        (run) =>
          (!statuses || statuses.includes(run.status)) &&
          (filter.agent === undefined || run.agent === filter.agent) &&
          (filter.parentRunId === undefined || run.parentRunId === filter.parentRunId),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit ?? 50)
      .map((run) => structuredClone(run));
  }

  async recoverInterrupted(isOwnerAlive: (ownerId: string | undefined) => boolean): Promise<string[]> {
    const recovered: string[] = [];
    for (const run of this.runs.values()) {
      if (run.status === 'running' && !isOwnerAlive(run.ownerId)) {
        run.status = 'interrupted';
        run.updatedAt = Math.max(run.updatedAt, Date.now());
        recovered.push(run.id);
      }
    }
    return recovered;
  }

  async close(): Promise<void> {}

  private require(runId: string): RunRecord {
    const run = this.runs.get(runId);
    if (!run) throw new NotFoundError('run', runId);
    return run;
  }
}

/** A field given as `undefined` counts as not given, as in the SQL stores. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

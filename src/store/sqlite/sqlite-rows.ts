import { isRunStatus } from '../../core/event-schema.js';
import type { ErrorInfo, RunEvent } from '../../core/events.js';
import type { JsonValue } from '../../core/json.js';
import type { Usage } from '../../core/usage.js';
import { isPayload, restoreEvent } from '../_event-codec.js';
import { corruptValue } from '../_store-errors.js';
import type { RunPrincipal, RunRecord } from '../run-store.js';

/** A row of the `runs` table as better-sqlite3 returns it. */
export interface RunRow {
  id: string;
  agent: string;
  model: string;
  status: string;
  parent_run_id: string | null;
  principal: string | null;
  input: string;
  output: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  usage: string;
  cost_usd: number;
  steps: number;
  owner_id: string | null;
  /** Kept by schema 1 only. */
  last_seq?: number;
  /** The seq of the run's last event, read from `events`. */
  tail_seq: number;
  tenant: string | null;
  acts_for: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  fence_token: number;
}

/**
 * A row of the `events` table, without its run id, as raw values. Without `last_seq` it holds one event's
 * payload; with it, the JSON array of the events `seq`..`last_seq`.
 */
export type EventRow = [seq: number, type: string, time: number, data: string, lastSeq: number | null];

/**
 * The run a row holds; a column that does not decode, an unknown status or a number column holding
 * something else throws `STORE_CORRUPT` naming the run.
 */
export function toRunRecord(row: RunRow, store: string): RunRecord {
  if (!isRunStatus(row.status)) {
    throw corruptValue(store, `The status of run ${row.id}`, `${JSON.stringify(row.status)} is not a run status`);
  }
  for (const column of ['cost_usd', 'steps', 'created_at', 'updated_at'] as const) {
    if (typeof row[column] !== 'number' || !Number.isFinite(row[column])) {
      throw corruptValue(store, `The ${column} of run ${row.id}`, `${JSON.stringify(row[column])} is not a number`);
    }
  }
  const json = <T>(text: string, column: string): T => {
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw corruptValue(store, `The ${column} of run ${row.id}`, error);
    }
  };
  const run: RunRecord = {
    id: row.id,
    agent: row.agent,
    model: row.model,
    status: row.status,
    input: row.input,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    usage: json<Usage>(row.usage, 'usage'),
    costUsd: row.cost_usd,
    steps: row.steps,
    lastSeq: row.tail_seq,
  };
  if (row.parent_run_id !== null) run.parentRunId = row.parent_run_id;
  if (row.principal !== null) run.principal = row.principal;
  if (row.output !== null) run.output = json<JsonValue>(row.output, 'output');
  if (row.error !== null) run.error = json<ErrorInfo>(row.error, 'error');
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.owner_id !== null) run.ownerId = row.owner_id;
  if (row.tenant !== null) run.tenant = row.tenant;
  if (row.acts_for !== null) run.actsFor = json<RunPrincipal>(row.acts_for, 'principal');
  if (row.lease_owner !== null) {
    run.lease = { owner: row.lease_owner, token: row.fence_token, expiresAt: row.lease_expires_at ?? 0 };
  }
  return run;
}

/** The events a row holds; a payload that does not decode throws `STORE_CORRUPT` naming run and seq. */
export function toRunEvents(runId: string, [seq, type, time, data, lastSeq]: EventRow, store: string): RunEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch (error) {
    throw corruptValue(store, `Event ${seq} of run ${runId}`, error);
  }
  if (lastSeq === null) {
    if (!isPayload(payload)) throw corruptValue(store, `Event ${seq} of run ${runId}`, 'not a JSON object');
    return [restoreEvent(runId, seq, type, time, payload)];
  }
  const where = `Events ${seq}-${lastSeq} of run ${runId}`;
  if (!Array.isArray(payload) || payload.length !== lastSeq - seq + 1) {
    throw corruptValue(store, where, `not a JSON array of ${lastSeq - seq + 1} events`);
  }
  return payload.map((item: unknown, i) => {
    const event = item as { type?: unknown; time?: unknown };
    if (!isPayload(item) || typeof event.type !== 'string' || typeof event.time !== 'number') {
      throw corruptValue(store, `Event ${seq + i} of run ${runId}`, 'not an event with a type and a time');
    }
    return restoreEvent(runId, seq + i, event.type, event.time, item);
  });
}

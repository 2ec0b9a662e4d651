import type { ErrorInfo, RunEvent, RunStatus } from '../../core/events.js';
import type { JsonValue } from '../../core/json.js';
import type { Usage } from '../../core/usage.js';
import { isPayload, restoreEvent } from '../_event-codec.js';
import { corruptValue } from '../_store-errors.js';
import type { RunPrincipal, RunRecord } from '../run-store.js';
import { fromJsonb } from './jsonb-text.js';

/** The columns every run query selects; `output` as text, because pg decodes JSON `null` and SQL NULL alike. */
export const runColumns =
  'id, agent, model, status, parent_run_id, principal, input, output::text AS output, error, created_at,' +
  ' updated_at, ended_at, usage, cost_usd, steps, owner_id, last_seq, tenant, acts_for, lease_owner, lease_expires_at,' +
  ' fence_token';

/** A row of `runColumns` as pg returns it. */
export interface RunRow {
  id: string;
  agent: string;
  model: string;
  status: string;
  parent_run_id: string | null;
  principal: string | null;
  input: string;
  output: string | null;
  error: unknown;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  usage: unknown;
  cost_usd: number;
  steps: number;
  owner_id: string | null;
  last_seq: number;
  tenant: string | null;
  acts_for: unknown;
  lease_owner: string | null;
  lease_expires_at: number | null;
  fence_token: number;
}

/** A row of the `events` table in array mode: seq, type, time, data. */
export type EventRow = [seq: number, type: string, time: number, data: unknown];

/** The run a row holds; a column that does not decode throws `STORE_CORRUPT` naming the run. */
export function toRunRecord(row: RunRow, store: string): RunRecord {
  const decode = <T>(value: unknown, column: string, asText = false): T => {
    try {
      return fromJsonb(asText ? JSON.parse(value as string) : value) as T;
    } catch (error) {
      throw corruptValue(store, `The ${column} of run ${row.id}`, error);
    }
  };
  const run: RunRecord = {
    id: row.id,
    agent: row.agent,
    model: row.model,
    status: row.status as RunStatus,
    input: row.input,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    usage: decode<Usage>(row.usage, 'usage'),
    costUsd: row.cost_usd,
    steps: row.steps,
    lastSeq: row.last_seq,
  };
  if (row.parent_run_id !== null) run.parentRunId = row.parent_run_id;
  if (row.principal !== null) run.principal = row.principal;
  if (row.output !== null) run.output = decode<JsonValue>(row.output, 'output', true);
  if (row.error !== null) run.error = decode<ErrorInfo>(row.error, 'error');
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.owner_id !== null) run.ownerId = row.owner_id;
  if (row.tenant !== null) run.tenant = row.tenant;
  if (row.acts_for !== null) run.actsFor = decode<RunPrincipal>(row.acts_for, 'principal');
  if (row.lease_owner !== null) {
    run.lease = { owner: row.lease_owner, token: row.fence_token, expiresAt: row.lease_expires_at ?? 0 };
  }
  return run;
}

/** The event a row holds; a payload that does not decode throws `STORE_CORRUPT` naming run and seq. */
export function toRunEvent(runId: string, [seq, type, time, data]: EventRow, store: string): RunEvent {
  let payload: unknown;
  try {
    payload = fromJsonb(data);
  } catch (error) {
    throw corruptValue(store, `Event ${seq} of run ${runId}`, error);
  }
  if (!isPayload(payload)) throw corruptValue(store, `Event ${seq} of run ${runId}`, 'not a JSON object');
  return restoreEvent(runId, seq, type, time, payload);
}

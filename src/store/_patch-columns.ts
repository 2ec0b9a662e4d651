import type { RunPatch } from './run-store.js';

/** Where each field a patch may set is stored, and whether as JSON. */
const columns: { readonly [K in keyof Required<RunPatch>]: { column: string; json: boolean } } = {
  status: { column: 'status', json: false },
  output: { column: 'output', json: true },
  error: { column: 'error', json: true },
  endedAt: { column: 'ended_at', json: false },
  usage: { column: 'usage', json: true },
  costUsd: { column: 'cost_usd', json: false },
  steps: { column: 'steps', json: false },
  ownerId: { column: 'owner_id', json: false },
  updatedAt: { column: 'updated_at', json: false },
};

/** One column a patch sets, with the value to store. */
export interface PatchColumn {
  column: string;
  json: boolean;
  value: unknown;
}

/**
 * The columns a patch sets, in a fixed order so equal shapes give equal SQL.
 * A field given as `undefined` is left as it is, the same as one not given.
 */
export function patchColumns(patch: RunPatch): PatchColumn[] {
  const set: PatchColumn[] = [];
  for (const [field, target] of Object.entries(columns)) {
    const value = patch[field as keyof RunPatch];
    if (value !== undefined) set.push({ ...target, value });
  }
  return set;
}

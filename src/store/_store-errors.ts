import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';

/** The refusal every store gives for an event that does not continue the log. */
export function seqConflict(runId: string, seq: number, expected: number): StoreError {
  return new StoreError(
    `Event seq ${seq} does not continue run ${runId} (expected ${expected}); the log is append-only.`,
    undefined,
    'STORE_CONFLICT',
  );
}

/** The refusal every store gives for a second run with an id already taken. */
export function duplicateRun(runId: string): StoreError {
  return new StoreError(`A run with id "${runId}" already exists.`, undefined, 'STORE_CONFLICT');
}

/** Throws unless the batch's seqs follow one another; the store then only checks the first. */
export function assertConsecutive(runId: string, events: readonly RunEvent[]): void {
  const first = events[0]?.seq ?? 0;
  for (let i = 1; i < events.length; i++) {
    const seq = events[i]!.seq;
    if (seq !== first + i) throw seqConflict(runId, seq, first + i);
  }
}

/** A store written by a later schema than this build knows: refuse it rather than misread it. */
export function versionTooNew(store: string, found: number, supported: number): StoreError {
  return new StoreError(
    `The run store ${store} has schema version ${found}, but this version of Warden supports schema versions up to ${supported}. ` +
      'Upgrade Warden to the release that wrote it, or point the store at another location.',
    undefined,
    'STORE_VERSION_TOO_NEW',
  );
}

/** A stored value that does not decode; names the row so it can be found and repaired. */
export function corruptValue(store: string, where: string, cause: unknown): StoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StoreError(
    `${where} in ${store} is corrupt (${reason}). Restore the store from a backup, or delete that row.`,
    cause,
    'STORE_CORRUPT',
  );
}

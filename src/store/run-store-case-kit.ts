import { expect } from 'vitest';
import type { Clock, createManualClock } from '../core/clock.js';
import { StoreError } from '../core/errors/store-error.js';
import type { RunEvent } from '../core/events.js';
import type { NewRun, RunStore } from './run-store.js';

/** A run with the given id and fields, created at `createdAt` 1000 unless said. */
export function newRun(id: string, fields: Partial<NewRun> = {}): NewRun {
  return { id, agent: 'assistant', model: 'scripted:test', input: `input of ${id}`, createdAt: 1000, ...fields };
}

/** A small stored event of `runId` at `seq`. */
export function stepEvent(runId: string, seq: number, step = seq): RunEvent {
  return { type: 'step-start', runId, seq, time: 2000 + seq, step };
}

/** The whole numbers from `from` up to, not including, `to`. */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Expects a promise to reject with `StoreError` code `STORE_CONFLICT`. */
export async function expectConflict(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'STORE_CONFLICT' });
}

/** What a store under test is opened with. */
export interface StoreFactoryOptions {
  /** The store's clock: lease times and `updatedAt`. */
  clock: Clock;
}

/** How the conformance suite opens stores of one kind. */
export interface StoreFactory {
  /** A new, empty store (closed after each test). */
  open(options: StoreFactoryOptions): Promise<RunStore>;
  /**
   * Another connection to the same data as `store`, with its own pool or handle, for real concurrency.
   * @default `store` itself
   */
  connectAgain?(store: RunStore, options: StoreFactoryOptions): Promise<RunStore>;
}

/** The current test's store, clock and second connection, for the suite's parts in other files. */
export interface ConformanceContext {
  store(): RunStore;
  clock(): ReturnType<typeof createManualClock>;
  connectAgain(): Promise<RunStore>;
}

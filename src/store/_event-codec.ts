import type { RunEvent } from '../core/events.js';

/**
 * The JSON stored for an event: everything but the fields that have their own columns
 * (`runId`, `seq`, `type`, `time`), which would otherwise be stored twice.
 */
export function eventPayload(event: RunEvent): string {
  const { runId: _runId, seq: _seq, type: _type, time: _time, ...payload } = event;
  return JSON.stringify(payload);
}

/**
 * The event again from its columns and its freshly decoded payload, which it fills in and returns.
 * Assigning is ~10x faster than spreading a parsed object into a new one.
 */
export function restoreEvent(runId: string, seq: number, type: string, time: number, payload: object): RunEvent {
  const event = payload as Record<string, unknown>;
  event.runId = runId;
  event.seq = seq;
  event.type = type;
  event.time = time;
  return event as unknown as RunEvent;
}

/** Whether a decoded payload has the shape `eventPayload` writes. */
export function isPayload(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

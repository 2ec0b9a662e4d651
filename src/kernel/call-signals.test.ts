import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CallSignals } from './call-signals.js';

describe('CallSignals', () => {
  it('never lets listeners left by requests pile up: on the run’s signal or on any one signal', () => {
    const run = new AbortController();
    const signals = new CallSignals(run.signal);
    const seen = new Set<AbortSignal>();
    for (let i = 0; i < 100; i++) {
      const call = signals.open();
      call.signal.addEventListener('abort', () => {}, { once: true }); // what the openai SDK leaves behind
      seen.add(call.signal);
      signals.close(call);
      expect(getEventListeners(call.signal, 'abort').length).toBeLessThanOrEqual(8);
      expect(getEventListeners(run.signal, 'abort').length).toBeLessThanOrEqual(1);
    }
    expect(seen.size).toBe(13);
  });

  it('a retired signal follows the run until its last request ends: a cancel reaches every request in flight', () => {
    const run = new AbortController();
    const signals = new CallSignals(run.signal);
    const inFlight = Array.from({ length: 20 }, () => signals.open());
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(3);
    const reason = new Error('cancelled');
    run.abort(reason);
    expect(inFlight.every((call) => call.signal.aborted && call.signal.reason === reason)).toBe(true);
  });

  it('a finished request’s signal no longer follows the run once it is retired', () => {
    const run = new AbortController();
    const signals = new CallSignals(run.signal);
    const first = Array.from({ length: 8 }, () => signals.open());
    for (const call of first) signals.close(call);
    signals.close(signals.open()); // retires the first signal
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1); // the second one's
    run.abort();
    expect(first[0]?.signal.aborted).toBe(false);
  });

  it('opened after the run was cancelled, a signal is aborted already', () => {
    const run = new AbortController();
    run.abort('stop');
    expect(new CallSignals(run.signal).open().signal.reason).toBe('stop');
  });
});

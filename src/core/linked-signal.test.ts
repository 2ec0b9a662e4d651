import { getEventListeners, setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkedSignal } from './linked-signal.js';

describe('linkedSignal', () => {
  it('aborts with the parent, with the parent’s reason', () => {
    const parent = new AbortController();
    const linked = linkedSignal(parent.signal);
    const reason = new Error('cancelled');
    parent.abort(reason);
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe(reason);
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort('gone');
    const linked = linkedSignal(parent.signal);
    expect(linked.signal.reason).toBe('gone');
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('leaves nothing on the parent once released, and no longer follows it', () => {
    const parent = new AbortController();
    setMaxListeners(0, parent.signal); // fifty at once is the point here
    const links = Array.from({ length: 50 }, () => linkedSignal(parent.signal));
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(50);
    for (const link of links) {
      link.release();
      link.release();
    }
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    parent.abort();
    expect(links.some((link) => link.signal.aborted)).toBe(false);
  });

  it('aborts alone when told to, leaving the parent as it is; without a parent it is a signal of its own', () => {
    const parent = new AbortController();
    const linked = linkedSignal(parent.signal);
    linked.abort('timed out');
    expect(linked.signal.reason).toBe('timed out');
    expect(parent.signal.aborted).toBe(false);
    const alone = linkedSignal(undefined);
    expect(alone.signal.aborted).toBe(false);
    alone.abort('done');
    expect(alone.signal.reason).toBe('done');
  });
});

import { describe, expect, it } from 'vitest';
import { DecisionGate, gateOf } from './decision-gate.js';

describe('the decision gate of one authority', () => {
  it('runs queued decisions one at a time in the order asked, and is idle again after', async () => {
    const gate = new DecisionGate();
    expect(gate.idle).toBe(true);
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = gate.run(async () => {
      order.push('first:start');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push('first:end');
    });
    const second = gate.run(async () => {
      order.push('second');
    });
    expect(gate.idle).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['first:start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    await Promise.resolve();
    expect(gate.idle).toBe(true);
  });

  it('a decision that fails does not block the ones after it', async () => {
    const gate = new DecisionGate();
    const failed = gate.run(async () => {
      throw new Error('counters down');
    });
    const next = gate.run(async () => 'decided');
    await expect(failed).rejects.toThrow('counters down');
    await expect(next).resolves.toBe('decided');
  });

  it('is one gate per history array: a child sharing its parent history shares its gate', () => {
    const history: unknown[] = [];
    expect(gateOf(history)).toBe(gateOf(history));
    expect(gateOf([])).not.toBe(gateOf(history));
  });
});

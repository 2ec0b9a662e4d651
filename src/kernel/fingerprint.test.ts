import { describe, expect, it } from 'vitest';
import { seedFrom } from '../core/ids.js';
import { base36, conversationDigests, fingerprintOf, fingerprintRequest } from './fingerprint.js';
import { structuralHash } from './structural-hash.js';

/** The format fingerprints were first journaled in: a faster encoder must write exactly this. */
const journaledFormat = ([h1, h2]: [number, number]) =>
  `f2${h2.toString(36).padStart(7, '0')}${h1.toString(36).padStart(7, '0')}`;

describe('fingerprints', () => {
  it('encode a 32-bit number as toString(36) padded to 7 digits, at the edges and anywhere between', () => {
    const edges = [0, 1, 35, 36, 36 ** 2 - 1, 36 ** 6, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];
    let state = 0x9e3779b9;
    const random = Array.from({ length: 2000 }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    });
    for (const h of [...edges, ...random]) expect(base36(h)).toBe(h.toString(36).padStart(7, '0'));
  });

  it('keep the format already in stored logs, so resuming an older run still compares them', () => {
    const input = { a: 1, b: [2, { c: 'x' }] };
    expect(fingerprintOf('tool', 'add', input)).toBe(journaledFormat(structuralHash(input, seedFrom('tool\u0000add'))));
  });

  it('tell requests apart by model, messages and options, and not by message identity', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const same = fingerprintRequest('m', [{ role: 'user', content: 'hi' }], { n: 1 });
    expect(fingerprintRequest('m', messages, { n: 1 })).toBe(same);
    expect(fingerprintRequest('other', messages, { n: 1 })).not.toBe(same);
    expect(fingerprintRequest('m', messages, { n: 2 })).not.toBe(same);
    expect(fingerprintRequest('m', [...messages, { role: 'user', content: 'again' }], { n: 1 })).not.toBe(same);
    expect(fingerprintRequest('m', [{ role: 'user', content: 'hi!' }], { n: 1 })).not.toBe(same);
  });
});

describe('fingerprints of a conversation that grows', () => {
  it('are the same with the scope’s remembered digests as without, as messages are appended or replaced', () => {
    const conversation = conversationDigests();
    const messages: object[] = [
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
    ];
    const check = () =>
      expect(fingerprintRequest('m', messages, { n: 1 }, conversation)).toBe(
        fingerprintRequest('m', structuredClone(messages), { n: 1 }),
      );
    check();
    messages.push({ role: 'assistant', content: 'a' });
    check();
    messages[1] = { role: 'user', content: 'changed' };
    check();
    messages.length = 1;
    check();
  });
});

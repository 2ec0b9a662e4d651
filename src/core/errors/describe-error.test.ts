import { describe, expect, it } from 'vitest';
import { describeError, printable, WardenError } from './warden-error.js';

/** A value every read of which throws, as a hostile tool might throw it. */
const hostile = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('no reads');
      },
      getPrototypeOf() {
        throw new Error('no prototype');
      },
    },
  );

describe('describeError and printable', () => {
  it('keeps a Warden error’s code and message, and calls anything else INTERNAL with its text', () => {
    const warden = new WardenError({ code: 'TOOL_TIMEOUT', fault: 'system', message: 'slow tool' });
    expect(describeError(warden)).toEqual({ code: 'TOOL_TIMEOUT', message: 'slow tool' });
    expect(describeError(new TypeError('bad input'))).toEqual({ code: 'INTERNAL', message: 'bad input' });
    expect(describeError(new RangeError())).toEqual({ code: 'INTERNAL', message: 'RangeError' });
    expect(describeError('plain text')).toEqual({ code: 'INTERNAL', message: 'plain text' });
    expect(describeError(undefined)).toEqual({ code: 'INTERNAL', message: 'undefined' });
  });

  it('never throws for a value whose reads or text throw', () => {
    const noText = {
      toString: () => {
        throw new Error('no text');
      },
    };
    expect(printable(noText)).toBe('a value (object) whose text cannot be read');
    expect(describeError(noText)).toEqual({ code: 'INTERNAL', message: 'a value (object) whose text cannot be read' });
    expect(() => describeError(hostile())).not.toThrow();
    expect(describeError(hostile()).code).toBe('INTERNAL');
    expect(printable(hostile())).toMatch(/cannot be read|unreadable/);
  });
});

import { describe, expect, it } from 'vitest';
import { headerGetter, parseRetryAfter } from './retry-after.js';
import { isRetryableStatus, isTransientNetworkError, networkErrorCode } from './provider-failure.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('reads retry-after-ms first, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter(headerGetter({ 'Retry-After-Ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(headerGetter({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headerGetter({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfter(headerGetter({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores nonsense and absence', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(headerGetter({}))).toBeUndefined();
    expect(parseRetryAfter(headerGetter({ 'retry-after': 'soon', 'retry-after-ms': '-4' }))).toBeUndefined();
  });
});

describe('failure classification', () => {
  it('retries timeouts, conflicts, rate limits and server errors only', () => {
    expect([408, 409, 429, 500, 503, 529].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false);
  });
  it('finds socket codes along the cause chain', () => {
    const nested = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });
    expect(networkErrorCode(nested)).toBe('ECONNRESET');
    expect(isTransientNetworkError(nested)).toBe(true);
    expect(isTransientNetworkError(Object.assign(new Error('dns'), { code: 'ENOTFOUND' }))).toBe(false);
    expect(isTransientNetworkError(new TypeError('terminated'))).toBe(true);
    expect(isTransientNetworkError(new Error('other'))).toBe(false);
  });
});

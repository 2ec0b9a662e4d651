import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors/provider-error.js';
import { withRetry } from '../../models/retry/with-retry.js';
import { ScriptedModel } from '../../testing/scripted-model.js';
import { BudgetLedger } from '../budget-ledger.js';
import { decideRetry, remainingTime, type ResolvedRetry, retryOptionsFor } from './retry-decision.js';

const options: ResolvedRetry = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 60_000, random: () => 0.5 };
const limited = (retryAfterMs?: number) =>
  new ProviderError('p answered HTTP 429.', { provider: 'p', status: 429, retryable: true, retryAfterMs });

describe('decideRetry', () => {
  it('backs off with jitter, never sooner than retry-after, and stops after maxRetries', () => {
    const ledger = new BudgetLedger({}, 0);
    expect(decideRetry(limited(), 1, options, ledger, 0)).toEqual({ retry: true, waitMs: 250 });
    expect(decideRetry(limited(), 3, options, ledger, 0)).toEqual({ retry: true, waitMs: 1000 });
    expect(decideRetry(limited(4000), 1, options, ledger, 0)).toEqual({ retry: true, waitMs: 4000 });
    const last = limited();
    expect(decideRetry(last, 4, options, ledger, 0)).toEqual({ retry: false, error: last });
  });

  it('never retries what is not a retryable provider error', () => {
    const ledger = new BudgetLedger({}, 0);
    const bug = new TypeError('bug');
    expect(decideRetry(bug, 1, options, ledger, 0)).toEqual({ retry: false, error: bug });
    const denied = new ProviderError('bad key', { provider: 'p', status: 401, retryable: false });
    expect(decideRetry(denied, 1, options, ledger, 0)).toEqual({ retry: false, error: denied });
  });

  it('measures the time left against the nearest budget, an ancestor’s included', () => {
    const root = new BudgetLedger({ timeoutMs: 10_000 }, 0);
    const child = new BudgetLedger({ timeoutMs: 60_000 }, 5_000, root);
    expect(remainingTime(child, 8_000)).toBe(2_000);
    const verdict = decideRetry(limited(3_000), 1, options, child, 8_000);
    expect(verdict.retry).toBe(false);
    expect(!verdict.retry && (verdict.error as Error).message).toContain('only 2000 ms of its time budget left');
    expect(!verdict.retry && (verdict.error as ProviderError).retryable).toBe(false);
    expect(decideRetry(limited(1_000), 1, options, child, 8_000)).toEqual({ retry: true, waitMs: 1_000 });
    expect(remainingTime(new BudgetLedger({}, 0), 1e12)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('retryOptionsFor', () => {
  it('layers defaults, the run, the model’s withRetry settings; the run’s test hooks win', () => {
    const sleep = async () => {};
    const random = () => 0;
    const plain = new ScriptedModel([]);
    expect(retryOptionsFor(plain, undefined)).toMatchObject({ maxRetries: 3, baseDelayMs: 500, maxDelayMs: 60_000 });
    expect(retryOptionsFor(plain, { maxRetries: 5, sleep })).toMatchObject({ maxRetries: 5, sleep });
    const wrapped = withRetry(plain, { maxRetries: 0, sleep: async () => {}, random: () => 0.9 });
    const layered = retryOptionsFor(wrapped, { maxRetries: 5, baseDelayMs: 10, sleep, random });
    expect(layered).toMatchObject({ maxRetries: 0, baseDelayMs: 10, sleep, random });
    // A setting left undefined (as resolveModel passes maxRetries) does not override.
    expect(retryOptionsFor(withRetry(plain, { maxRetries: undefined }), { maxRetries: 2 }).maxRetries).toBe(2);
  });
});

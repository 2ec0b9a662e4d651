export { bodyStart, isRetryableStatus, isTransientNetworkError } from './provider-failure.js';
export { headerGetter, parseRetryAfter } from './retry-after.js';
export {
  abortableSleep,
  isRetryableError,
  type RetryInfo,
  type RetryOptions,
  retryDelay,
  retryOptionsOf,
  withRetry,
} from './with-retry.js';

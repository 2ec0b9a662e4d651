import { findBwrap } from './bwrap/find-bwrap.js';

/**
 * Why the bubblewrap tests cannot run here, or `undefined` when they can. Under `CI=true` they always run (and
 * fail with the install hint) so CI never skips them.
 */
export function bwrapSkipReason(): string | undefined {
  if (process.env.CI === 'true' || findBwrap()) return undefined;
  return 'bubblewrap is not installed: apt-get install -y bubblewrap';
}

import { ConfigError } from '../core/errors/config-error.js';
import type { RunAuthority, RunStartEvent } from '../core/events.js';
import { canonicalJson } from '../policy/canonical-json.js';
import type { Policy } from '../policy/policy.js';
import { fingerprintOf } from '../kernel/fingerprint.js';
import type { Principal } from '../tools/tool.js';

/** What a run's start journals about who it acts for and under which policy. */
export function authorityOf(principal: Principal | undefined, policy: Policy | undefined): RunAuthority {
  return { ...(principal && { principal: { ...principal } }), policy: policyDigest(policy) };
}

/**
 * A digest of a policy's definition (its data, not its closures): the same policy file or `definePolicy`
 * object gives the same digest in every process, another one a different digest.
 */
export function policyDigest(policy: Policy | undefined): string {
  if (!policy) return 'none';
  return fingerprintOf('policy', policy.constructor?.name ?? 'Policy', canonicalJson(policy));
}

/**
 * Who a resumed run acts for: the principal its log recorded. A caller may restate it, but not change it:
 * resuming as someone else, or under another policy, is refused.
 */
export function restoreAuthority(
  runId: string,
  start: RunStartEvent | undefined,
  requested: Principal | undefined,
  policy: Policy | undefined,
): Principal | undefined {
  const recorded = start?.authority?.principal ?? (start?.principal ? { id: start.principal } : undefined);
  if (start?.authority && start.authority.policy !== policyDigest(policy)) {
    throw new ConfigError(
      `Run ${runId} started under another policy than the one it is resumed with.`,
      { fix: 'resume it with the agent and policy it started with, or start a new run under the new policy' },
      'RUN_POLICY_CHANGED',
    );
  }
  if (!requested) return recorded;
  if (!recorded) {
    throw new ConfigError(
      `Run ${runId} started without a principal; it cannot be resumed as "${requested.id}".`,
      { fix: 'resume it without a principal' },
      'RUN_PRINCIPAL_MISMATCH',
    );
  }
  const sameId = recorded.id === requested.id;
  const restated = start?.authority?.principal ? canonicalJson(recorded) === canonicalJson(requested) : sameId;
  if (!restated) {
    throw new ConfigError(
      `Run ${runId} acts for "${recorded.id}"${sameId ? ' with other roles or attributes' : ''}; it cannot be resumed as ${sameId ? 'that' : `"${requested.id}"`}.`,
      { fix: 'resume it without a principal (the recorded one is used), or start a new run' },
      'RUN_PRINCIPAL_MISMATCH',
    );
  }
  return start?.authority?.principal ? recorded : requested;
}

import type { SpawnChild } from '../kernel/agent-tool.js';
import { intersectPolicies } from '../policy/intersect-policies.js';
import type { Policy } from '../policy/policy.js';
import type { Principal } from '../tools/tool.js';
import type { Agent } from './define-agent.js';
import type { Execution, RunEnvironment, RunExecutor, RunFence } from './run-types.js';

/**
 * How a run starts (or resumes) its children: under the intersection of its policy and the child's (a child
 * never gets more than its parent), for the same principal, sharing the parent's history and ledger. `executeRun`
 * is passed in, not imported, so the run and its children do not import each other.
 */
export function spawnChildOf(
  executeRun: RunExecutor,
  env: RunEnvironment,
  parent: Execution,
  authority: {
    signal: AbortSignal;
    policy: () => Policy | undefined;
    principal: Principal | undefined;
    /** The root's claim: the child's writes carry it. */
    fence: RunFence | undefined;
  },
): SpawnChild {
  return async (request) => {
    const child = request.agent as Agent<any>;
    const parentPolicy = authority.policy();
    const policy =
      parentPolicy && child.policy ? intersectPolicies(parentPolicy, child.policy) : (parentPolicy ?? child.policy);
    const { runId: _runId, budget: _budget, principal: _principal, ...inherited } = parent.options;
    const result = await executeRun(env, {
      agent: policy ? { ...child, policy } : child,
      input: request.input,
      options: {
        ...inherited,
        runId: request.runId,
        budget: request.budget,
        signal: authority.signal,
        ...(authority.principal && { principal: authority.principal }),
      },
      runId: request.runId,
      resume: request.resume,
      parentRunId: parent.runId,
      listeners: parent.listeners,
      parent: { ledger: request.ledger, history: request.history },
      depth: (parent.depth ?? 0) + 1,
      ...(authority.fence && { fence: authority.fence }),
    });
    return result;
  };
}

import type { ToolAction } from '../../policy/policy.js';
import type { Tool } from '../../tools/tool.js';
import type { KernelContext } from '../kernel-context.js';

/**
 * Stage 6, label: the tool's own labels plus those the policy's label rules give this call and result. A label
 * rule that fails marks the result `untrusted` (fail closed) rather than leaving it unlabelled or losing it.
 */
export function labelResult(k: KernelContext, tool: Tool, action: ToolAction, output: unknown): string[] {
  const policy = k.settings.policy;
  if (!tool.labels && !policy?.labelResult) return [];
  const labels = new Set(tool.labels ?? []);
  if (policy?.labelResult) {
    try {
      for (const label of policy.labelResult(action, output, k.policyContext())) labels.add(String(label));
    } catch {
      labels.add('untrusted');
    }
  }
  return [...labels];
}

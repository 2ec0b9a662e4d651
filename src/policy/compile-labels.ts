import { compileCondition, type ConditionTest } from './compile-condition.js';
import { compileSelector } from './compile-selector.js';
import type { PolicyContext, ToolAction } from './policy.js';
import type { LabelSourceModel } from './policy-model.js';
import { createScope } from './scope.js';

/** Labels a tool result by the policy's label rules, plus the automatic `source:<tool>`. */
export type ResultLabeller = (action: ToolAction, output: unknown, context: PolicyContext) => string[];

/**
 * Compiles label rules. A `when` that cannot be evaluated labels the result anyway:
 * mislabelling trusted data costs a false block, missing untrusted data costs a leak.
 */
export function compileLabels(
  labels: ReadonlyMap<string, readonly LabelSourceModel[]>,
  taints: ReadonlySet<string>,
): ResultLabeller {
  const compiled = [...labels].map(([label, sources]) => ({
    label,
    sources: sources.map((source) => ({
      selects: compileSelector(source),
      when: source.when ? compileCondition(source.when) : undefined,
    })),
  }));
  const allLabels = compiled.map(({ label }) => label);
  return (action, output, context) => {
    const result = [`source:${action.tool}`];
    try {
      const scope = createScope(action, context, { value: output }, taints);
      for (const { label, sources } of compiled) {
        if (sources.some(({ selects, when }) => selects(action) && applies(when, scope))) result.push(label);
      }
      return result;
    } catch {
      return [...result, ...allLabels];
    }
  };
}

function applies(when: ConditionTest | undefined, scope: Parameters<ConditionTest>[0]): boolean {
  return when === undefined || when(scope) !== false;
}

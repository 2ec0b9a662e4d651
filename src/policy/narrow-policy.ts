import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { analyzePolicy } from './analyze-policy.js';
import { type BuildContext, createBuildContext, type Locate } from './build-context.js';
import { buildPolicyModel } from './build-policy.js';
import { compileNames, isGlob } from './glob.js';
import { type ComposablePolicy, intersectPolicies } from './intersect-policies.js';
import type { Policy } from './policy.js';
import type { RuleDefinition } from './policy-definition.js';
import { PolicyError } from './policy-error.js';
import { PolicyNarrowingError } from './policy-narrowing-error.js';
import { createLocator } from './source-locator.js';
import { WardenPolicy } from './warden-policy.js';
import { yamlToJs } from './yaml-to-js.js';

/**
 * A task-scoped policy (Progent): the tools this task needs, and extra constraints on them.
 * @example { tools: ['read_email', 'send_email'], rules: [{ tool: 'send_email', allow: { 'args.to': 'bob@acme.example' } }] }
 */
export interface PolicyProposal {
  /** The only tools the task may use (names or globs). */
  tools: readonly string[];
  /** Constraints: an allow rule for a tool limits it to the calls it matches; deny and ask rules apply as usual. */
  rules?: readonly RuleDefinition[];
  /** Why the proposer chose this, for the journal. */
  reason?: string;
}

const proposalSchema = z.strictObject({
  tools: z.array(z.string().min(1), { error: 'must be a list of tool names' }),
  rules: z.array(z.unknown(), { error: 'must be a list of rules' }).optional(),
  reason: z.string().optional(),
});

/**
 * Narrows `base` to a task: the result is `base ∩ proposal`, so it can only restrict, by construction.
 * @throws PolicyError when the proposal is malformed
 * @throws PolicyNarrowingError when it names tools `base` never allows (a sign it tries to widen)
 */
export function narrowPolicy(
  base: Policy,
  proposal: PolicyProposal | string,
  options: { tools?: readonly string[]; file?: string } = {},
): ComposablePolicy {
  const { value, locate } =
    typeof proposal === 'string' ? readYaml(proposal, options.file) : { value: proposal, locate: undefined };
  const context: BuildContext & { declaredLabels: Set<string> } = {
    ...createBuildContext({ ...options, locate }),
    declaredLabels: new Set<string>(),
  };
  const parsed = proposalSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((segment): segment is string | number => typeof segment !== 'symbol');
    const unknown = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    context.fail(
      unknown
        ? `Unknown key \`${unknown}\` in a task policy.`
        : `Invalid task policy: ${issue?.message ?? 'unknown problem'}.`,
      unknown ? [...path, unknown] : path,
      'a task policy is `{ tools: [...], rules?: [...] }`',
    );
  }
  const tools = parsed.data.tools;
  const rules = (parsed.data.rules ?? []) as RuleDefinition[];
  checkRulesStayInside(rules, tools, context.fail);
  rejectWidening(base, tools, options.tools);
  const model = buildPolicyModel({ name: 'task', default: 'deny', rules }, context);
  analyzePolicy(model, context);
  // The proposal's `context.tainted` means what the base policy means by it.
  const taints = base instanceof WardenPolicy ? base.model.taints : model.taints;
  return intersectPolicies(base, new WardenPolicy({ ...model, taints, task: tools }, context.warnings));
}

function readYaml(text: string, file: string | undefined): { value: unknown; locate: Locate } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    throw new PolicyError(`The task policy is not valid YAML: ${error.message.split('\n')[0] ?? ''}`, {
      file,
      line: error.linePos?.[0]?.line,
    });
  }
  const read = yamlToJs(document, lines);
  if (read.problem) {
    const { problem, line, fix } = read.problem;
    throw new PolicyError(`The task policy cannot be read: ${problem}`, {
      file,
      ...(line !== undefined && { line }),
      fix,
    });
  }
  return { value: read.value, locate: createLocator(document, lines) };
}

function checkRulesStayInside(
  rules: readonly RuleDefinition[],
  tools: readonly string[],
  fail: (problem: string, path: ReadonlyArray<string | number>, fix?: string) => never,
): void {
  const inside = compileNames(tools);
  rules.forEach((rule, index) => {
    const named = typeof rule?.tool === 'string' ? [rule.tool] : Array.isArray(rule?.tool) ? rule.tool : [];
    for (const tool of named) {
      if (typeof tool === 'string' && !isGlob(tool) && !inside(tool)) {
        fail(
          `Rule ${index + 1} is about "${tool}", which is not in the task's tools.`,
          ['rules', index, 'tool'],
          `add "${tool}" to tools, or drop the rule`,
        );
      }
    }
  });
}

function rejectWidening(base: Policy, tools: readonly string[], known: readonly string[] | undefined): void {
  const composable = base as Partial<ComposablePolicy>;
  if (typeof composable.mayAllow !== 'function') return;
  const mayAllow = composable.mayAllow.bind(base);
  const refused = tools.filter((pattern) => {
    if (!isGlob(pattern)) return !mayAllow(pattern);
    const matching = known?.filter(compileNames([pattern])) ?? [];
    return matching.length > 0 && !matching.some(mayAllow);
  });
  if (refused.length > 0) throw new PolicyNarrowingError(refused);
}

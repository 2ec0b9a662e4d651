import { analyzePolicy } from './analyze-policy.js';
import { type BuildContext, createBuildContext, type Locate } from './build-context.js';
import { buildPolicyModel } from './build-policy.js';
import type { PolicyDefinition, PolicyWarning } from './policy-definition.js';
import { WardenPolicy } from './warden-policy.js';

/** Options for building a policy. */
export interface PolicyOptions {
  /** The tools that exist: rules, roles and labels naming none of them are warned about. */
  tools?: readonly string[];
  /** The file the policy came from, for error messages. */
  file?: string;
}

/** A compiled policy and what looks unintended in it. */
export interface LoadedPolicy {
  policy: WardenPolicy;
  warnings: PolicyWarning[];
}

/**
 * Validates and compiles a policy written in TypeScript. Throws `PolicyError` naming the key path and the fix;
 * warnings (rules that can never match) are on `policy.warnings`.
 * @example
 * const policy = definePolicy({
 *   default: 'deny',
 *   rules: [{ id: 'inside-company', tool: 'send_email', allow: { 'args.to': { endsWith: '@acme.example' } } }],
 * });
 */
export function definePolicy(definition: PolicyDefinition, options: PolicyOptions = {}): WardenPolicy {
  return compilePolicy(definition, options).policy;
}

/** Validates, analyses and compiles a policy document; `locate` maps key paths to source lines. */
export function compilePolicy(raw: unknown, options: PolicyOptions & { locate?: Locate } = {}): LoadedPolicy {
  const context: BuildContext & { declaredLabels: Set<string> } = {
    ...createBuildContext(options),
    declaredLabels: new Set<string>(),
  };
  const model = buildPolicyModel(raw, context);
  analyzePolicy(model, context);
  const warnings = context.warnings;
  return { policy: new WardenPolicy(model, warnings), warnings };
}

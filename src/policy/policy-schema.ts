import { z } from 'zod';

const effect = z.enum(['allow', 'deny', 'ask'], { error: 'must be allow, deny or ask' });
const names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
  error: 'must be a name or a list of names',
});
const actionKind = z.enum(['tool', 'spawn', 'memory.write', 'model.generate', 'plan'], {
  error: 'must be tool, spawn, memory.write, model.generate or plan',
});
const duration = z.union([z.number().positive(), z.string()], { error: 'must be a duration such as 30s, 5m, 1h' });

const limit = z.strictObject({
  max: z.number({ error: 'must be a whole number' }).int().nonnegative(),
  per: z.enum(['run', 'principal', 'tenant'], { error: 'must be run, principal or tenant' }).optional(),
  window: duration.optional(),
});

const rule = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: 'must be 1-100 letters, digits, `_`, `-` or `.`' })
    .optional(),
  description: z.string().optional(),
  tool: names.optional(),
  source: names.optional(),
  readOnly: z.boolean().optional(),
  action: z.union([actionKind, z.array(actionKind).min(1)], { error: 'must be an action kind or a list' }).optional(),
  allow: z.unknown().optional(),
  deny: z.unknown().optional(),
  ask: z.unknown().optional(),
  limit: limit.optional(),
  priority: z.number({ error: 'must be a number' }).finite().optional(),
  fallback: z.unknown().optional(),
});

const role = z.strictObject({
  extends: names.optional(),
  tools: z.array(z.string().min(1), { error: 'must be a list of tool names or globs' }).optional(),
  description: z.string().optional(),
});

const labelSource = z.union(
  [
    z.string().min(1),
    z.strictObject({
      tool: names.optional(),
      source: names.optional(),
      when: z.unknown().optional(),
    }),
  ],
  { error: 'must be a tool name or `{ tool, source?, when? }`' },
);

const defaults = z.strictObject({
  tool: effect.optional(),
  spawn: effect.optional(),
  'memory.write': effect.optional(),
  'model.generate': effect.optional(),
  plan: effect.optional(),
});

/** The shape of a policy document; conditions and fallbacks are validated by the builders. */
export const policySchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only version so far)' }).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  default: z.union([effect, defaults], { error: 'must be allow, deny, ask, or a map per action kind' }).optional(),
  roles: z.record(z.string(), role).optional(),
  labels: z.record(z.string(), z.array(labelSource, { error: 'must be a list of label sources' })).optional(),
  taints: z.array(z.string().min(1), { error: 'must be a list of label names' }).optional(),
  rules: z.array(rule, { error: 'must be a list of rules' }).optional(),
});

/** The keys each kind of map accepts, for "did you mean" fixes. */
export const knownKeys = {
  policy: Object.keys(policySchema.shape),
  rule: Object.keys(rule.shape),
  role: Object.keys(role.shape),
  limit: Object.keys(limit.shape),
  labelSource: ['tool', 'source', 'when'],
  default: Object.keys(defaults.shape),
};

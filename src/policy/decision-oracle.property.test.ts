import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parsePolicy } from './parse-policy.js';
import type { PolicyContext } from './policy.js';

type Effect = 'allow' | 'deny' | 'ask';
interface GeneratedRule {
  id: string;
  tool: string;
  effect: Effect;
  /** The rule matches when `args.n` is at least this (`undefined`: always). */
  atLeast: number | undefined;
  priority: number;
}

const tools = ['read', 'send', 'pay'];
const rule = fc.record({
  tool: fc.constantFrom(...tools, '*'),
  effect: fc.constantFrom<Effect>('allow', 'deny', 'ask'),
  atLeast: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  priority: fc.constantFrom(0, 0, 0, 1),
});

/** The documented semantics, written the plain way: highest priority first; deny > ask > allow within one. */
function expected(
  rules: GeneratedRule[],
  fallback: Effect,
  tool: string,
  n: number,
): { decision: Effect; ruleId?: string } {
  const matching = rules.filter(
    (r) => (r.tool === '*' || r.tool === tool) && (r.atLeast === undefined || n >= r.atLeast),
  );
  const priorities = [...new Set(matching.map((r) => r.priority))].sort((a, b) => b - a);
  for (const priority of priorities) {
    const tier = matching.filter((r) => r.priority === priority);
    for (const effect of ['deny', 'ask', 'allow'] as const) {
      const hit = tier.find((r) => r.effect === effect);
      if (hit) return { decision: effect, ruleId: hit.id };
    }
  }
  return { decision: fallback };
}

const context: PolicyContext = {
  runId: 'r',
  run: { step: 0, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'a' },
  history: [],
  now: 0,
};

/** The engine must agree with the reference semantics on every generated policy and call: a test that can fail. */
describe('policy decisions against a reference model', () => {
  it('decides what the documented order says, naming the rule', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 8 }),
        fc.constantFrom<Effect>('allow', 'deny', 'ask'),
        fc.constantFrom(...tools),
        fc.integer({ min: 0, max: 12 }),
        (generated, fallback, tool, n) => {
          const rules: GeneratedRule[] = generated.map((r, i) => ({ ...r, id: `r${i}` }));
          const text = stringify({
            version: 1,
            default: fallback,
            rules: rules.map((r) => ({
              id: r.id,
              tool: r.tool,
              ...(r.priority !== 0 && { priority: r.priority }),
              [r.effect]: r.atLeast === undefined ? {} : { 'args.n': { gte: r.atLeast } },
            })),
          });
          const { policy } = parsePolicy(text, { file: 'generated.yaml' });
          const decision = policy.decide(
            { kind: 'tool', tool, source: 'local', args: { n }, toolCallId: 'c' },
            context,
          );
          const want = expected(rules, fallback, tool, n);
          expect(decision.decision).toBe(want.decision);
          if (want.ruleId) expect(decision.ruleId).toBe(want.ruleId);
        },
      ),
      { numRuns: 500 },
    );
  });
});

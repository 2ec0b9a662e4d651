import type { CompiledRule } from './compile-rule.js';
import type { Action } from './policy.js';

/** The rules of one priority, split by how they are evaluated. */
export interface RuleTier {
  priority: number;
  deny: CompiledRule[];
  /** Rules with a limit (alone, or on an allow rule): they deny once the limit is reached. */
  limited: CompiledRule[];
  ask: CompiledRule[];
  allow: CompiledRule[];
}

/** The rules that select one kind of action, precomputed once per tool name, source and flags. */
export interface RuleBucket {
  /** Highest priority first. */
  tiers: RuleTier[];
  /** Rules that can allow: when a tool has any, a role's grant of it is constrained by them. */
  allowRules: CompiledRule[];
  /** Limits kept in shared counters, incremented when an action is allowed. */
  counted: CompiledRule[];
}

const maxEntries = 10_000;

/** The bucket of each action shape (kind, a model call's source, or tool × source × read-only), built on first use. */
export class BucketCache {
  readonly #byKind = new Map<string, RuleBucket>();
  /** Model calls, by their source (a few: the run's own, each MCP server's sampling). */
  readonly #byModelSource = new Map<string, RuleBucket>();
  readonly #byTool = new Map<string, Map<string, [RuleBucket | undefined, RuleBucket | undefined]>>();
  #size = 0;

  constructor(readonly rules: readonly CompiledRule[]) {}

  get(action: Action): RuleBucket {
    if (action.kind !== 'tool' && action.kind !== 'spawn') {
      const byKey = action.kind === 'model.generate' ? this.#byModelSource : this.#byKind;
      const key = action.kind === 'model.generate' ? (action.source ?? 'run') : action.kind;
      let bucket = byKey.get(key);
      if (!bucket) {
        if (byKey.size >= maxEntries) byKey.clear();
        bucket = this.#build(action);
        byKey.set(key, bucket);
      }
      return bucket;
    }
    const name = action.kind === 'tool' ? action.tool : `\u0000spawn:${action.tool ?? action.agent}`;
    const from = action.kind === 'tool' ? action.source : (action.source ?? `agent:${action.agent}`);
    let bySource = this.#byTool.get(name);
    if (!bySource) {
      if (this.#size >= maxEntries) this.#clear();
      bySource = new Map();
      this.#byTool.set(name, bySource);
    }
    let pair = bySource.get(from);
    if (!pair) {
      pair = [undefined, undefined];
      bySource.set(from, pair);
    }
    const slot = action.kind === 'tool' && action.readOnly === true ? 1 : 0;
    let bucket = pair[slot];
    if (!bucket) {
      bucket = this.#build(action);
      pair[slot] = bucket;
      this.#size++;
    }
    return bucket;
  }

  #build(action: Action): RuleBucket {
    return buildBucket(this.rules.filter((rule) => rule.selects(action)));
  }

  #clear(): void {
    this.#byTool.clear();
    this.#size = 0;
  }
}

/** Groups the rules that select one action shape into priority tiers. */
export function buildBucket(rules: readonly CompiledRule[]): RuleBucket {
  const tiers = new Map<number, RuleTier>();
  for (const rule of rules) {
    let tier = tiers.get(rule.priority);
    if (!tier) {
      tier = { priority: rule.priority, deny: [], limited: [], ask: [], allow: [] };
      tiers.set(rule.priority, tier);
    }
    if (rule.limit) tier.limited.push(rule);
    else if (rule.effect === 'deny') tier.deny.push(rule);
    else if (rule.effect === 'ask') tier.ask.push(rule);
    else tier.allow.push(rule);
  }
  return {
    tiers: [...tiers.values()].sort((a, b) => b.priority - a.priority),
    allowRules: rules.filter((rule) => rule.effect === 'allow'),
    counted: rules.filter((rule) => rule.limit && rule.limit.per !== 'run'),
  };
}

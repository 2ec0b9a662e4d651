import type { JsonSchema } from '../core/json.js';
import type { Action } from './policy.js';

/** What a rule, a default or an evaluation yields. */
export type Effect = 'allow' | 'deny' | 'ask';

/** The kinds of action a rule can select with `action:`. */
export type ActionKind = Action['kind'];

/** One value or a list of them. */
export type OneOrMany<T> = T | readonly T[];

/** A literal value in a condition: shorthand for `{ eq: value }`. */
export type Scalar = string | number | boolean | null;

/** A number, or a `${principal.x}` / `${run.x}` template that resolves to one. */
export type NumberOperand = number | string;

/** Comparisons on a number (a count, a length). */
export interface Comparison {
  eq?: NumberOperand;
  ne?: NumberOperand;
  gt?: NumberOperand;
  gte?: NumberOperand;
  lt?: NumberOperand;
  lte?: NumberOperand;
  in?: readonly number[] | string;
  notIn?: readonly number[] | string;
}

/** Operators on one value. Several operators in one map must all hold. */
export interface OperatorMap extends Omit<Comparison, 'eq' | 'ne' | 'in' | 'notIn' | 'length'> {
  /** Deep equality; a string may be a `${…}` template. */
  eq?: unknown;
  ne?: unknown;
  /** The value is one of the list (for an array value: every element is). */
  in?: readonly unknown[] | string;
  /** The value is none of the list (for an array value: some element is not). */
  notIn?: readonly unknown[] | string;
  /** A regular expression, compiled once. */
  matches?: string | { pattern: string; flags?: string };
  startsWith?: string;
  endsWith?: string;
  /** Substring of a string, or element of an array. */
  contains?: unknown;
  /** An absolute path that, once `..` and `.` are resolved, lies inside this directory. */
  within?: string;
  /** The length of a string or array: a number, or comparisons. */
  length?: number | Comparison;
  /** A JSON Schema the value must satisfy. */
  schema?: JsonSchema;
  /** The value (or a string, email, URL, account number or path in it) occurs in data carrying this label. */
  derivedFrom?: OneOrMany<string>;
  /** Whether the path is present. */
  exists?: boolean;
  /** Every element of an array value satisfies the operators. */
  every?: ValueCondition;
  /** Some element of an array value satisfies the operators. */
  some?: ValueCondition;
  all?: readonly ValueCondition[];
  any?: readonly ValueCondition[];
  not?: ValueCondition;
}

/** A literal (equality) or an operator map. */
export type ValueCondition = Scalar | OperatorMap;

/** Which earlier calls a history condition looks at. */
export interface CallPattern {
  tool?: OneOrMany<string>;
  source?: OneOrMany<string>;
  /** Conditions on the earlier call's arguments (`args.*`). */
  args?: ConditionBlock;
  /** Only calls at most this long ago: milliseconds or `30s`, `5m`, `1h`, `1d`. */
  window?: number | string;
}

/** Conditions on the run's earlier actions. Several keys must all hold. */
export interface HistoryCondition {
  /** An earlier call ran: tool names/globs, or a pattern. */
  called?: OneOrMany<string> | CallPattern;
  /** An earlier call with matching arguments ran. */
  calledWith?: CallPattern;
  /** No earlier call matching this ran. */
  notCalled?: OneOrMany<string> | CallPattern;
  /** The number of earlier matching calls, compared. */
  count?: CallPattern & Comparison;
  /** How many of the latest tool calls, in a row, were this same call (tool and arguments). */
  sameCallInARow?: number | Comparison;
}

type RootedPath<Root extends string> = `${Root}.${string}` | `${Root}[${string}`;

/**
 * Conditions, keyed by what they read: `args.to`, `principal.tenant`, `run.step`, `context.tainted`,
 * `history`, or a combinator. Several keys must all hold.
 * @example { 'args.to': { matches: '@acme\\.example$' }, context: { tainted: false } }
 */
export type ConditionBlock = {
  all?: readonly ConditionBlock[];
  any?: readonly ConditionBlock[];
  not?: ConditionBlock;
  history?: HistoryCondition;
  args?: ValueCondition | Record<string, ValueCondition>;
  principal?: Record<string, ValueCondition>;
  run?: Record<string, ValueCondition>;
  context?: { tainted?: ValueCondition; labels?: ValueCondition };
  /** The tool's result: only in label rules. */
  output?: ValueCondition | Record<string, ValueCondition>;
} & {
  [path: RootedPath<'args' | 'principal' | 'run' | 'context' | 'output'>]: ValueCondition | undefined;
};

/** A condition, or `true` for "always". */
export type RuleCondition = ConditionBlock | true;

/** At most `max` allowed actions matching the rule's selector. */
export interface LimitDefinition {
  max: number;
  /** Whose actions are counted. @default 'run' */
  per?: 'run' | 'principal' | 'tenant';
  /** A sliding window: milliseconds or `30s`, `5m`, `1h`, `1d`. @default the whole run (or all time) */
  window?: number | string;
}

/** What the kernel does instead of a denied action. @default respond with the reason */
export type FallbackDefinition =
  | 'respond'
  | 'halt'
  | 'ask'
  | {
      /** The message the model receives as the tool's result. */
      respond?: string;
      /** Stop the run with this message. */
      halt?: string | true;
      /** Run this call instead (its `args` may use `${args.x}`, `${principal.x}`, `${run.x}`). */
      substitute?: { tool: string; args?: unknown };
      /** Turn the deny into an approval request; `respond` becomes the message. */
      then?: 'ask';
    };

/** One rule: a selector, one effect (or a limit), and what to do on deny. */
export interface RuleDefinition {
  /** Names the rule in decisions and events. @default `rule-<n>` */
  id?: string;
  description?: string;
  /** Tool names or globs (`read_*`, `*`). */
  tool?: OneOrMany<string>;
  /**
   * Tool sources or globs (`local`, `mcp:*`, `mcp:files`); with `action: model.generate`, whose request a model call
   * is (`run`, or `mcp:<server>` for a server's sampling).
   */
  source?: OneOrMany<string>;
  /** Only tools that declare `readOnly` (or only those that do not). */
  readOnly?: boolean;
  /** Action kinds: `tool`, `spawn`, `memory.write`, `model.generate`, `plan`. @default tool */
  action?: OneOrMany<ActionKind>;
  allow?: RuleCondition;
  deny?: RuleCondition;
  ask?: RuleCondition;
  limit?: LimitDefinition;
  /** Higher first; within one priority, deny beats ask beats allow. @default 0 */
  priority?: number;
  fallback?: FallbackDefinition;
}

/** A role: the tools it grants, and the roles it extends. */
export interface RoleDefinition {
  extends?: OneOrMany<string>;
  tools?: readonly string[];
  description?: string;
}

/** Where labelled data comes from: a tool name, or a selector with an optional condition. */
export type LabelSource =
  | string
  | {
      tool?: OneOrMany<string>;
      source?: OneOrMany<string>;
      /** Conditions on the call (`args.*`) and its result (`output.*`). */
      when?: ConditionBlock;
    };

/** The decision for actions no rule decides, per action kind. */
export interface DefaultDecisions {
  /** @default deny */
  tool?: Effect;
  /** @default allow */
  spawn?: Effect;
  /** @default allow */
  'memory.write'?: Effect;
  /** @default allow */
  'model.generate'?: Effect;
  /** A plan about to run (plan-and-execute). @default allow */
  plan?: Effect;
}

/** A Warden policy, as written in YAML or passed to `definePolicy`. */
export interface PolicyDefinition {
  /** @default 1 */
  version?: 1;
  /** Names the policy in counters and messages. */
  name?: string;
  description?: string;
  /** For tool calls (a word), or per action kind. @default deny for tools, allow for other actions */
  default?: Effect | DefaultDecisions;
  roles?: Record<string, RoleDefinition>;
  labels?: Record<string, readonly LabelSource[]>;
  /**
   * Labels that make `context.tainted` true, besides `untrusted` (which always does). A label not listed
   * (e.g. `salary` for trusted but sensitive data) still works with `derivedFrom` and `context.labels`.
   * @default [] (only `untrusted` taints)
   * @example ['web', 'inbound-email']
   */
  taints?: readonly string[];
  rules?: readonly RuleDefinition[];
}

/** Something the author probably did not mean: the policy still loads. */
export interface PolicyWarning {
  message: string;
  file?: string;
  line?: number;
  /** The key path, e.g. `rules[3].tool`. */
  path?: string;
  ruleId?: string;
}

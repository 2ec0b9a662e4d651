import { type HistoryIndex, historyIndexOf } from './history-index.js';
import type { Action, PolicyContext } from './policy.js';

/** Everything one evaluation reads; the history index is built on first use. */
export interface Scope {
  readonly action: Action;
  /** `args.*`: a tool's arguments, or the payload of another action kind. */
  readonly args: unknown;
  readonly context: PolicyContext;
  /** `output.*`, in label rules only. */
  readonly output: unknown;
  readonly hasOutput: boolean;
  /** The labels that make `context.tainted` true under this policy. */
  readonly taints: ReadonlySet<string>;
  /** `context.tainted`, once read. */
  tainted: boolean | undefined;
  index: HistoryIndex | undefined;
  callKey: string | undefined;
  /** What the last `derivedFrom` that held found, for the decision's reason. */
  evidence: string | undefined;
  /** `derivedFrom` results of this decision, by value and labels: several rules often test the same argument. */
  derived: Map<unknown, Map<string, string | null>> | undefined;
}

/** The labels that taint a run when a policy declares no others. */
export const defaultTaints: ReadonlySet<string> = new Set(['untrusted']);

/** The scope of one decision (or, with `output`, of labelling one result). */
export function createScope(
  action: Action,
  context: PolicyContext,
  output?: { value: unknown },
  taints: ReadonlySet<string> = defaultTaints,
): Scope {
  return {
    action,
    args: argsOf(action),
    context,
    output: output?.value,
    hasOutput: output !== undefined,
    taints,
    tainted: undefined,
    index: undefined,
    callKey: undefined,
    evidence: undefined,
    derived: undefined,
  };
}

/** The run's history index (labels, flows, calls that ran), updated incrementally. */
export function indexOf(scope: Scope): HistoryIndex {
  scope.index ??= historyIndexOf(scope.context.history);
  return scope.index;
}

/** What `args.*` reads for each kind of action. */
export function argsOf(action: Action): unknown {
  switch (action.kind) {
    case 'tool':
      return action.args;
    case 'spawn':
      return { agent: action.agent, tool: action.tool ?? action.agent, tools: action.tools, input: action.input };
    case 'memory.write':
      return { key: action.key, value: action.value };
    case 'model.generate':
      return { model: action.model, purpose: action.purpose ?? 'act', tools: action.tools ?? [] };
    case 'plan': {
      const { kind: _kind, ...plan } = action;
      return plan;
    }
  }
}

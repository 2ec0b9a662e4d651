import { compileNames } from './glob.js';
import type { Action } from './policy.js';
import type { ActionKind } from './policy-definition.js';

/** What a rule or label source selects. */
export interface SelectorModel {
  kinds?: ReadonlySet<ActionKind>;
  tools?: readonly string[];
  sources?: readonly string[];
  readOnly?: boolean;
}

const defaultKinds: ReadonlySet<ActionKind> = new Set(['tool']);

/**
 * Compiles a selector into a test on actions. A sub-agent the model calls as a tool is a spawn that also
 * answers to its tool name and its source `agent:<name>`, so a rule naming the agent tool (or `agent:*`)
 * decides the spawn; `action: spawn` selects every spawn. A `source` also selects model calls by whose request
 * they are (`run`, `mcp:<server>`) when the rule's kinds include `model.generate`.
 */
export function compileSelector(selector: SelectorModel): (action: Action) => boolean {
  const kinds = selector.kinds;
  const tool = selector.tools ? compileNames(selector.tools) : undefined;
  const source = selector.sources ? compileNames(selector.sources) : undefined;
  const readOnly = selector.readOnly;
  const byName = tool !== undefined || source !== undefined;
  return (action) => {
    if (action.kind === 'spawn') {
      // Selected as a spawn (`action: spawn`), or as the agent tool the model called.
      const asTool = byName && (kinds?.has('tool') ?? true);
      if (!asTool) return kinds?.has('spawn') === true && !byName;
      if (tool && !tool(action.tool ?? action.agent)) return false;
      if (source && !source(action.source ?? `agent:${action.agent}`)) return false;
      return readOnly !== true;
    }
    if (!(kinds ?? defaultKinds).has(action.kind)) return false;
    // A model call is selected by whose request it is; tool names and flags are about tools only.
    if (action.kind === 'model.generate') return !source || source(action.source ?? 'run');
    if (action.kind !== 'tool') return true;
    if (tool && !tool(action.tool)) return false;
    if (source && !source(action.source)) return false;
    return readOnly === undefined || (action.readOnly === true) === readOnly;
  };
}

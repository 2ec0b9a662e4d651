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

/**
 * Compiles a selector into a test on actions. A sub-agent the model calls as a tool is a spawn that also
 * answers to its tool name and its source `agent:<name>`, so a rule naming the agent tool (or `agent:*`)
 * decides the spawn; `action: spawn` selects every spawn.
 */
export function compileSelector(selector: SelectorModel): (action: Action) => boolean {
  const kinds = selector.kinds;
  const tool = selector.tools ? compileNames(selector.tools) : undefined;
  const source = selector.sources ? compileNames(selector.sources) : undefined;
  const readOnly = selector.readOnly;
  return (action) => {
    if (kinds ? !kinds.has(action.kind) : action.kind !== 'tool' && action.kind !== 'spawn') return false;
    if (action.kind === 'spawn') {
      if (kinds?.has('spawn') && !tool && !source) return true;
      if (!tool && !source) return false;
      if (tool && !tool(action.tool ?? action.agent)) return false;
      if (source && !source(action.source ?? `agent:${action.agent}`)) return false;
      return readOnly !== true;
    }
    if (action.kind !== 'tool') return true;
    if (tool && !tool(action.tool)) return false;
    if (source && !source(action.source)) return false;
    return readOnly === undefined || (action.readOnly === true) === readOnly;
  };
}

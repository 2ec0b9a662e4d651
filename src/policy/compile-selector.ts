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

/** Compiles a selector into a test on actions. */
export function compileSelector(selector: SelectorModel): (action: Action) => boolean {
  const kinds = selector.kinds ?? new Set<ActionKind>(['tool']);
  const tool = selector.tools ? compileNames(selector.tools) : undefined;
  const source = selector.sources ? compileNames(selector.sources) : undefined;
  const readOnly = selector.readOnly;
  return (action) => {
    if (!kinds.has(action.kind)) return false;
    if (action.kind !== 'tool') return true;
    if (tool && !tool(action.tool)) return false;
    if (source && !source(action.source)) return false;
    return readOnly === undefined || (action.readOnly === true) === readOnly;
  };
}

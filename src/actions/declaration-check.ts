import { functionSourceOf } from '../sandbox/quickjs/quickjs-function-source.js';
import { ActionLibraryError } from './action-store.js';

/** Names a saved function may not take: they would hide what every code action relies on. */
export const reservedActionNames: ReadonlySet<string> = new Set(['tools', 'callTool', 'console']);

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
// Comments and blank space before the declaration (a TSDoc block, say); nothing else may come before it.
const leading = /^(?:\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/**
 * The function expression a saved function's code consists of, or undefined if the code is not written as
 * exactly one top-level declaration of `name`: `function name(…) {…}` (also `async`, `function*`) or
 * `const name = <function or arrow>`, with comments before it and an optional `;` after it.
 */
function declaredExpression(name: string, code: string): string | undefined {
  const text = code.replace(leading, '').replace(/\s*;?\s*$/, '');
  const escaped = name.replace(/\$/g, '\\$');
  if (new RegExp(`^(async\\s+)?function\\s*\\*?\\s*${escaped}\\s*\\(`).test(text)) return text;
  const binding = new RegExp(`^const\\s+${escaped}\\s*=\\s*`).exec(text);
  return binding ? text.slice(binding[0].length) : undefined;
}

/**
 * Whether `code` is exactly one top-level declaration of `name` and nothing more: no other statement (a
 * `return`, an expression, a second declaration) at its top level. QuickJS itself reads the declared function
 * (`functionSourceOf`): the code passes only when that function's own source is all of it.
 */
export async function isSingleDeclaration(name: string, code: string): Promise<boolean> {
  if (!identifier.test(name) || reservedActionNames.has(name)) return false;
  const expression = declaredExpression(name, code);
  if (expression === undefined) return false;
  return (await functionSourceOf(expression)) === expression;
}

/** Throws `ActionLibraryError` (`ACTION_INVALID`) unless `code` is exactly one top-level declaration of `name`. */
export async function checkSingleDeclaration(name: string, code: string): Promise<void> {
  if (reservedActionNames.has(name)) {
    throw new ActionLibraryError(`"${name}" is a name every code action uses. Save the function under another name.`);
  }
  if (!(await isSingleDeclaration(name, code))) {
    throw new ActionLibraryError(
      `The code must be exactly one declaration of ${name} and nothing else: "async function ${name}(...) { ... }" or "const ${name} = async (...) => { ... }". Move other statements (a return, a call, helpers) inside the function.`,
    );
  }
}

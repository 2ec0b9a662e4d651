import { type Document, isAlias, isCollection, isPair, type LineCounter, type Node } from 'yaml';

/** Most alias expansions a document may make (yaml's `maxAliasCount`): an alias bomb is refused. */
export const maxYamlAliasCount = 100;

/** A YAML document that cannot become a value: an alias without anchor, or one that expands too far. */
export interface YamlValueProblem {
  problem: string;
  line: number | undefined;
  fix: string;
}

/**
 * `document.toJS()` that never throws yaml's untyped `ReferenceError`: returns the value, or the problem
 * with the line of the offending alias, for the caller to raise as its own typed error.
 */
export function yamlToJs(
  document: Document,
  lines: LineCounter,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: YamlValueProblem } {
  const defined = new Set<string>();
  const aliases: Array<{ source: string; line: number | undefined }> = [];
  let unresolved: YamlValueProblem | undefined;
  const lineOf = (node: { range?: [number, number, number] | null }) =>
    node.range ? lines.linePos(node.range[0]).line : undefined;
  const walk = (node: unknown): void => {
    if (unresolved || node === null || typeof node !== 'object') return;
    if (isAlias(node)) {
      aliases.push({ source: node.source, line: lineOf(node) });
      if (!defined.has(node.source)) {
        unresolved = {
          problem: `The alias *${node.source} has no anchor &${node.source} before it.`,
          line: lineOf(node),
          fix: `define &${node.source} earlier in the file, or write the value out`,
        };
      }
      return;
    }
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    const anchor = (node as Node).anchor;
    if (anchor) defined.add(anchor);
    if (isCollection(node)) for (const item of node.items) walk(item);
  };
  walk(document.contents);
  if (unresolved) return { problem: unresolved };
  try {
    return { value: document.toJS({ maxAliasCount: maxYamlAliasCount }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      problem: {
        problem: `Its aliases expand too far (more than ${maxYamlAliasCount} copies: an alias bomb?).`,
        line: aliases[0]?.line,
        fix: 'write the values out instead of nesting aliases of aliases',
      },
    };
  }
}

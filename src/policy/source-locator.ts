import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { KeyPath, Locate } from './build-context.js';

/** Finds the line of a key path in a parsed YAML document (the nearest existing ancestor when it is absent). */
export function createLocator(document: Document, lines: LineCounter): Locate {
  return (path: KeyPath, key = false) => {
    let node: unknown = document.contents;
    let offset = startOf(node);
    for (const [position, segment] of path.entries()) {
      const last = position === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        node = last && key ? pair.key : pair.value;
        offset = startOf(node) ?? startOf(pair.key) ?? offset;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        offset = startOf(node) ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

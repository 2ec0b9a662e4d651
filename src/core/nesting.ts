/**
 * How many levels of arrays and objects a value may nest where it enters the kernel (tool-call arguments, tool
 * outputs, a run's input messages). Deeper data is refused with a typed error: the recursive code that reads it
 * (fingerprints, canonical JSON, validators) would otherwise overflow the stack. `{}` and `[]` are one level, a
 * scalar none: `{"a":[[1]]}` is three.
 */
export const nestingLimit = 256;

/** What `canonicalJson` and `structuralHash` write for an array or object nested deeper than `nestingLimit`. */
export const tooDeepMarker = '[Nested too deep]';

/**
 * Whether `value` nests arrays and objects more than `limit` levels deep (see `nestingLimit`). Walks own
 * enumerable values without recursion, so it cannot overflow the stack itself, in time linear in the number of
 * distinct arrays and objects: a value shared by several parents is measured once, a cycle is not followed (it is
 * no deeper for being a cycle here: whoever writes the value reports it).
 * @example nestingDepthExceeds({ a: [[1]] }, 2) // true: three levels
 */
export function nestingDepthExceeds(value: unknown, limit: number = nestingLimit): boolean {
  if (!isContainer(value)) return false;
  if (limit < 1) return true;
  return !quicklyWithin(value, limit) && exactlyExceeds(value, limit);
}

/** How many containers the quick walk visits before it leaves the answer to the exact one. */
const quickVisits = 1_000_000;

/**
 * The common case, fast (cheaper than the `JSON.stringify` it follows): whether every path through `value` stays within
 * `limit` levels, following each path on its own. `false` means "not sure": a path too deep, a cycle (which runs
 * any path to the limit), or a value that shares so much that its paths outnumber `quickVisits`.
 */
function quicklyWithin(value: object, limit: number): boolean {
  const nodes: object[] = [value];
  const depths: number[] = [1];
  for (let visits = 0; nodes.length > 0; visits++) {
    if (visits === quickVisits) return false;
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return false;
    // Children read in place (no array of values per object): this walk runs on every tool output.
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (!isContainer(child)) continue;
        nodes.push(child);
        depths.push(depth + 1);
      }
    } else if (!ArrayBuffer.isView(node)) {
      for (const key in node) {
        const child: unknown = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
        if (!isContainer(child)) continue;
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

/** One array or object being walked, with the children still to visit. */
interface Frame {
  children: unknown[];
  next: number;
  height: number;
  node: object;
}

/**
 * The exact answer, linear in the number of distinct containers: each container's height is computed once
 * (post-order, on an explicit stack) and a container already on the stack (a cycle) is not entered again.
 */
function exactlyExceeds(value: object, limit: number): boolean {
  const heights = new Map<object, number>();
  const stack: Frame[] = [frameOf(value)];
  const open = new Set<object>([value]);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.children.length) {
      stack.pop();
      open.delete(frame.node);
      heights.set(frame.node, frame.height);
      const parent = stack[stack.length - 1];
      if (parent) parent.height = Math.max(parent.height, frame.height + 1);
      continue;
    }
    const child = frame.children[frame.next++];
    if (!isContainer(child) || open.has(child)) continue;
    const known = heights.get(child);
    if (known !== undefined) {
      frame.height = Math.max(frame.height, known + 1);
      if (stack.length + known > limit) return true;
      continue;
    }
    if (stack.length >= limit) return true;
    stack.push(frameOf(child));
    open.add(child);
  }
  return false;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function frameOf(node: object): Frame {
  return { node, children: childrenOf(node), next: 0, height: 1 };
}

const none: unknown[] = [];

function childrenOf(node: object): unknown[] {
  if (Array.isArray(node)) return node;
  // A typed array holds numbers only: one level, however long.
  return ArrayBuffer.isView(node) ? none : Object.values(node);
}

/**
 * Whether `error` is the engine's stack overflow (V8: `RangeError: Maximum call stack size exceeded`), which a
 * recursive encoder or parser (`JSON.stringify`, a JSON repairer) throws on data nested far too deep.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

import type { Principal } from '../tools/tool.js';
import { isTainted } from './history-index.js';
import type { Action } from './policy.js';
import { indexOf, type Scope } from './scope.js';

/** What a condition path can start with. */
export type PathRoot = 'args' | 'principal' | 'run' | 'context' | 'output';

/** Every root, in the order error messages list them. */
export const pathRoots: readonly PathRoot[] = ['args', 'principal', 'run', 'context', 'output'];

/** A parsed path such as `args.items[0].name`. */
export interface PathRef {
  root: PathRoot;
  segments: ReadonlyArray<string | number>;
  text: string;
}

/** Marks a path that leads nowhere. */
export const missing: unique symbol = Symbol('missing');

/** What `run.*` can read, with the short aliases POLICY.md uses (`run.cost`, `run.elapsed`). */
export const runFields: Record<string, keyof Scope['context']['run'] | 'id'> = {
  step: 'step',
  costUsd: 'costUsd',
  cost: 'costUsd',
  tokens: 'tokens',
  elapsedMs: 'elapsedMs',
  elapsed: 'elapsedMs',
  agent: 'agent',
  id: 'id',
};

/** What `context.*` can read. */
export const contextFields = ['tainted', 'labels', 'origin'] as const;

const principalFields = new Set(['id', 'roles', 'tenant', 'attributes']);

/** Parses `root.a.b[0]["c.d"]`; returns a message instead when it is malformed. */
export function parsePath(text: string): PathRef | string {
  const rootMatch = /^([A-Za-z_]+)/.exec(text);
  const root = rootMatch?.[1];
  if (!root || !(pathRoots as readonly string[]).includes(root)) {
    return `a path starts with one of ${pathRoots.join(', ')}`;
  }
  const segments: Array<string | number> = [];
  const segment = /\.([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/y;
  segment.lastIndex = root.length;
  while (segment.lastIndex < text.length) {
    const match = segment.exec(text);
    if (!match) return `"${text}" is not a path: write segments as .name, [0] or ["name.with.dots"]`;
    if (match[1] !== undefined) segments.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4] ?? '');
  }
  return { root: root as PathRoot, segments, text };
}

/** Compiles a path into a reader for one scope. */
export function compilePath(path: PathRef): (scope: Scope) => unknown {
  const rest = path.segments;
  switch (path.root) {
    case 'args':
      return (scope) => walk(scope.args, rest, 0);
    case 'output':
      return (scope) => (scope.hasOutput ? walk(scope.output, rest, 0) : missing);
    case 'principal': {
      const [first, ...after] = rest;
      if (first === undefined) return (scope) => scope.context.principal ?? missing;
      const field = String(first);
      return (scope) => walk(principalField(scope.context.principal, field), after, 0);
    }
    case 'run': {
      const field = runFields[String(rest[0])];
      if (field === 'id') return (scope) => scope.context.runId;
      return (scope) => (field ? (scope.context.run?.[field] ?? missing) : missing);
    }
    case 'context':
      if (rest[0] === 'labels') return (scope) => indexOf(scope).labelList;
      if (rest[0] === 'origin') return (scope) => originOf(scope.action);
      return (scope) => {
        scope.tainted ??= isTainted(indexOf(scope), scope.taints);
        return scope.tainted;
      };
  }
}

/** `principal.x` reads the principal's field, or else its attribute `x`. */
function principalField(principal: Principal | undefined, field: string): unknown {
  if (!principal) return missing;
  if (principalFields.has(field)) return (principal as unknown as Record<string, unknown>)[field] ?? missing;
  const attributes = principal.attributes;
  return attributes && Object.hasOwn(attributes, field) ? attributes[field] : missing;
}

function walk(value: unknown, segments: ReadonlyArray<string | number>, from: number): unknown {
  let current = value;
  for (let position = from; position < segments.length; position++) {
    if (current === missing || current === null || typeof current !== 'object') return missing;
    const segment = segments[position] as string | number;
    if (Array.isArray(current)) {
      if (typeof segment !== 'number' || segment >= current.length) return missing;
      current = current[segment];
    } else {
      const key = String(segment);
      if (!Object.hasOwn(current, key)) return missing;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current === undefined ? missing : current;
}

/** Who asked for the action (`model`, `substitute`, `code`, `plan`, `strategy`); `model` when not said. */
function originOf(action: Action): string {
  return (action.kind === 'tool' || action.kind === 'spawn' ? action.origin : undefined) ?? 'model';
}

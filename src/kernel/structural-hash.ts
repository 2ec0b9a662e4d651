import { nestingLimit, tooDeepMarker } from '../core/nesting.js';

/**
 * A 64-bit hash of a JSON-like value that depends only on what `canonicalJson` would write for it (object keys in
 * any order hash alike; `undefined` and functions are dropped from objects and are `null` in arrays; `toJSON` is
 * honoured; cycles, bigints, non-finite numbers and what is nested deeper than `nestingLimit` as `canonicalJson`
 * has them, so data nested a million deep hashes without overflowing the stack), computed without building the
 * text: no key sort, no string concatenation, no allocation for plain data. Keys are combined by addition, so their
 * order cannot matter. Not cryptographic: it tells one recorded request from another.
 */
export function structuralHash(value: unknown, seed = 0): [number, number] {
  lane1 = 0;
  lane2 = 0;
  if (absent(value)) finish(tagNull, tagNull, seed);
  else hashValue(value, [], 0, seed);
  return [lane1 >>> 0, lane2 >>> 0];
}

/** The result of the last `hashValue` call, in two 32-bit lanes (module state, so no tuple per value). */
let lane1 = 0;
let lane2 = 0;

const tagNull = 0x6e756c6c;
const tagTrue = 0x74727565;
const tagFalse = 0x66616c73;
const tagNumber = 0x6e756d62;
const tagString = 0x73747269;
const tagArray = 0x61727261;
const tagObject = 0x6f626a65;
const circular = '[Circular]';
const unserializable = '[Unserializable]';
const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/** What JSON leaves out of an object and writes as null in an array. */
function absent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** `depth`: how many arrays and objects enclose `value`. */
function hashValue(value: unknown, path: object[], depth: number, seed: number) {
  switch (typeof value) {
    case 'string':
      return hashString(value, seed);
    case 'number':
      if (!Number.isFinite(value)) return finish(tagNull, tagNull, seed);
      float[0] = value === 0 ? 0 : value; // -0 is written as 0
      return finish(floatWords[0]! ^ tagNumber, floatWords[1]! ^ tagNumber, seed);
    case 'boolean':
      return finish(value ? tagTrue : tagFalse, value ? tagTrue : tagFalse, seed);
    case 'bigint':
      return hashString(value.toString(), seed);
    case 'object':
      if (value === null) return finish(tagNull, tagNull, seed);
      return hashObject(value, path, depth, seed);
    default:
      return finish(tagNull, tagNull, seed);
  }
}

function hashString(text: string, seed: number) {
  let h1 = 0xdeadbeef ^ seed ^ tagString;
  let h2 = 0x41c6ce57 ^ seed ^ tagString;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  finish(h1, h2 ^ text.length, seed);
}

function finish(h1: number, h2: number, seed: number) {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909) ^ seed;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lane1 = h1;
  lane2 = h2;
}

function hashObject(value: object, path: object[], depth: number, seed: number) {
  if (path.includes(value)) return hashString(circular, seed);
  if (depth >= nestingLimit) return hashString(tooDeepMarker, seed);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = toJSON.call(value);
    } catch {
      return hashString(unserializable, seed);
    }
    if (absent(replaced)) return finish(tagNull, tagNull, seed);
    if (replaced !== value) {
      path.push(value);
      hashValue(replaced, path, depth + 1, seed); // a level: a toJSON may return ever new objects
      path.pop();
      return;
    }
  }
  path.push(value);
  if (Array.isArray(value)) hashArray(value, path, depth + 1, seed);
  else hashRecord(value as Record<string, unknown>, path, depth + 1, seed);
  path.pop();
}

function hashArray(items: readonly unknown[], path: object[], depth: number, seed: number) {
  let h1 = tagArray ^ items.length;
  let h2 = tagArray;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // As in JSON: what an array cannot hold is null there.
    if (absent(item)) finish(tagNull, tagNull, seed);
    else hashValue(item, path, depth, seed);
    h1 = Math.imul(h1 ^ lane1, 2654435761);
    h2 = Math.imul(h2 ^ lane2, 1597334677);
  }
  finish(h1, h2, seed);
}

function hashRecord(record: Record<string, unknown>, path: object[], depth: number, seed: number) {
  // Each entry hashes on its own and the sums do not depend on the order the keys come in.
  let sum1 = 0;
  let sum2 = 0;
  let entries = 0;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    if (absent(item)) continue;
    hashString(key, seed);
    const key1 = lane1;
    const key2 = lane2;
    hashValue(item, path, depth, seed);
    finish(key1 ^ Math.imul(lane1, 0x9e3779b1), key2 ^ Math.imul(lane2, 0x85ebca77), seed);
    sum1 = (sum1 + lane1) | 0;
    sum2 = (sum2 + lane2) | 0;
    entries++;
  }
  finish(sum1 ^ tagObject ^ entries, sum2 ^ tagObject, seed);
}

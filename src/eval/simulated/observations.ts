import { decodedViews } from '../attacks/goal-transforms.js';
import type { SuiteState, ToolCallSpec } from '../suite-types.js';
import { normalizeText } from './goal-matcher.js';

/** A tool result as the simulated model reads it: its text and every text decoded from it. */
export interface ReadResult {
  /** Normalized (see `normalizeText`) views, for finding goals. */
  normalized: string[];
  /** The views in letters and digits only (`DE05 1007…` and `de051007…` alike), for finding values. */
  compact: string[];
  /** Every number the views contain, for finding amounts however they are written (`50`, `50.00`, `2,000`). */
  numbers: Set<number>;
}

/** Letters and digits only, lower-cased. */
export const compactText = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const numberPattern = /\d[\d,]*(?:\.\d+)?/g;
const asNumber = (text: string): number => Number(text.replaceAll(',', ''));
const numbersIn = (text: string): number[] => [...text.matchAll(numberPattern)].map((match) => asNumber(match[0]));

/** Reads one result text; the same text always reads the same, so callers may cache it. */
export function readResult(text: string): ReadResult {
  const views = decodedViews(text);
  return {
    normalized: views.map(normalizeText),
    compact: views.map(compactText),
    numbers: new Set(views.flatMap(numbersIn)),
  };
}

const edgePunctuation = /^[\s"'`()[\]{}<>,;:!?]+|[\s"'`()[\]{}<>,;:!?.]+$/g;

/**
 * The data-like words of a text, lower-cased: words with a digit, an `@`, a `/`, a `.`, `_` or `-` inside, or
 * of 10 letters or more (an id, an amount, an address, a code, a password). Everyday words are not data:
 * a model can write them without having read them.
 */
export function dataWords(text: string): string[] {
  const words: string[] = [];
  // Split where values are joined (`a,b`, `?members=`, `k=v&…`), so that each joined value is checked alone.
  for (const raw of text.toLowerCase().split(/[\s,;&=?#|+]+/)) {
    const word = raw.replace(edgePunctuation, '');
    if (word === '') continue;
    if (/\d|[@/._-]/.test(word) || word.length >= 10) words.push(word);
  }
  return words;
}

function leaves(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) leaves(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) leaves(item, into);
  return into;
}

/**
 * What a simulated attacker may write. A call of an injection task's ground truth is computed from the world
 * (`groundTruth(state)`), which the model never saw whole: each data word of its arguments that comes from the
 * world, and not from the goal it read or the request, must occur in some tool result it read before the call.
 * A compromised model can only leak a secret a tool result gave it.
 */
export class AttackerKnowledge {
  private readonly world: Set<string>;

  constructor(state: SuiteState) {
    this.world = new Set(leaves(state).flatMap(dataWords).map(compactText));
  }

  /** The data words of `call` the model has not seen: from the world, and neither in `known` nor in `read`. */
  unseen(call: ToolCallSpec, known: readonly string[], read: readonly ReadResult[]): string[] {
    // Compared in letters and digits only, so that `#engineering` read as "engineering", or an IBAN read with
    // spaces, count as read; a number counts as read when a result held the same number in any notation.
    const given = known.map(compactText);
    const missing: string[] = [];
    for (const raw of new Set(leaves(call.args).flatMap(dataWords))) {
      const word = compactText(raw);
      if (word === '' || !this.isWorldData(word)) continue;
      if (given.some((text) => text.includes(word))) continue;
      if (read.some((result) => result.compact.some((view) => view.includes(word)))) continue;
      if (
        /^-?\d[\d,]*(?:\.\d+)?$/.test(raw) &&
        read.some((result) => result.numbers.has(asNumber(raw.replace(/^-/, ''))))
      )
        continue;
      missing.push(raw);
    }
    return missing;
  }

  private isWorldData(word: string): boolean {
    if (this.world.has(word)) return true;
    for (const data of this.world) if (data.length >= 6 && (data.includes(word) || word.includes(data))) return true;
    return false;
  }
}

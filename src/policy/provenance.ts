import { type HistoryIndex, historyIndexOf, type LabelFlow } from './history-index.js';
import type { HistoryEntry } from './policy.js';
import { mayContain } from './ngram-filter.js';
import { extractEntities, normalizeText, visitLeaves } from './text-evidence.js';

/** Strings shorter than this are too common to count as copied (entities are checked at any length). */
export const minimumCopyLength = 8;

/**
 * Whether a value was copied from data carrying one of `labels` earlier in the run: the value, any string
 * of 8+ characters in it, or any email, URL, path, IBAN or account-like number in it occurs in that data
 * (case, width and whitespace folded). A tripwire for copying; paraphrase or encoding defeats it.
 * @returns the evidence found, or undefined
 */
export function findCopiedEvidence(value: unknown, labels: readonly string[], index: HistoryIndex): string | undefined {
  const flows: LabelFlow[] = [];
  for (const label of labels) {
    const flow = index.flows.get(label);
    if (flow) flows.push(flow);
  }
  if (flows.length === 0) return undefined;
  if (typeof value === 'string') return textEvidence(value, flows);
  const found = flows;
  let evidence: string | undefined;
  visitLeaves(value, (raw, isNumber) => {
    if (evidence === undefined) evidence = isNumber ? numberEvidence(raw, found) : textEvidence(raw, found);
  });
  return evidence;
}

function textEvidence(raw: string, flows: readonly LabelFlow[]): string | undefined {
  const text = normalizeText(raw);
  if (text.length >= minimumCopyLength && flows.some((flow) => occurs(flow, text))) return text;
  const needles: string[] = [];
  const compact: string[] = [];
  extractEntities(text, needles, compact);
  for (const needle of needles) if (flows.some((flow) => occurs(flow, needle))) return needle;
  for (const value of compact) if (flows.some((flow) => flow.compact.has(value))) return value;
  return undefined;
}

function occurs(flow: LabelFlow, needle: string): boolean {
  return (flow.grams === undefined || mayContain(flow.grams, needle)) && flow.text.includes(needle);
}

function numberEvidence(raw: string, flows: readonly LabelFlow[]): string | undefined {
  const digits = raw.replace(/^-/, '');
  if (!/^\d{8,}$/.test(digits)) return undefined;
  return flows.some((flow) => flow.compact.has(digits) || flow.text.includes(digits)) ? digits : undefined;
}

/**
 * The labels whose data `value` copies, among the results in `history`: e.g. to keep the labels of a memory
 * written from untrusted data. Uses the same cached index as decisions.
 */
export function provenanceOf(value: unknown, history: readonly HistoryEntry[]): string[] {
  const index = historyIndexOf(history);
  return [...index.flows.keys()].filter((label) => findCopiedEvidence(value, [label], index) !== undefined);
}

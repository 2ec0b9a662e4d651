import { extractEntities, noEntities, urlUnder } from './entities.js';
import { type HistoryIndex, historyIndexOf, type LabelFlow } from './history-index.js';
import { mayContain } from './ngram-filter.js';
import type { HistoryEntry } from './policy.js';
import { minimumSpanLength } from './span-index.js';
import { normalizeText, visitLeaves } from './text-evidence.js';

/** Strings shorter than this are too common to count as copied (entities are checked at any length). */
export const minimumCopyLength = minimumSpanLength;

/**
 * Whether a value was copied from data carrying one of `labels` earlier in the run. Every string, number
 * and object key in the value, at any depth, is normalized (`normalizeText`) and counts as copied when:
 * it occurs in that data (8+ characters); a distinctive span of that data (`isDistinctiveSpan`) occurs in
 * it; an email in it is one in that data (case and `+tag` aside); a URL or `host/path` in it lies under
 * one in that data (same host, path prefix: query, fragment, default port, trailing dot aside); or an
 * IBAN, account-like number or path in it occurs in that data. What that data hides in base64, hex,
 * percent-encoding, ROT13 or reversed (two levels deep, see `hiddenTexts`) counts as its content. A tripwire
 * for copying; paraphrase defeats it.
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
  let evidence: string | undefined;
  visitLeaves(value, (raw, isNumber) => {
    if (evidence === undefined) evidence = isNumber ? numberEvidence(raw, flows) : textEvidence(raw, flows);
  });
  return evidence;
}

function textEvidence(raw: string, flows: readonly LabelFlow[]): string | undefined {
  const text = normalizeText(raw);
  if (text.length < 3) return undefined;
  if (text.length >= minimumCopyLength) {
    for (const flow of flows) if (occurs(flow, text)) return text;
    for (const flow of flows) {
      const span = flow.spans.findIn(text);
      if (span !== undefined) return span;
    }
  }
  return entityEvidence(text, flows);
}

function entityEvidence(text: string, flows: readonly LabelFlow[]): string | undefined {
  const entities = noEntities();
  extractEntities(text, entities);
  for (const address of entities.emails) {
    if (flows.some((flow) => flow.emails.has(address))) return address;
  }
  for (const key of entities.urls) {
    if (flows.some((flow) => urlUnder(key, flow.urls.get(key.host)))) return `${key.host}${key.path}`;
  }
  for (const needle of entities.needles) if (flows.some((flow) => occurs(flow, needle))) return needle;
  for (const value of entities.compact) if (flows.some((flow) => flow.compact.has(value))) return value;
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

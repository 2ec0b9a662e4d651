import { extractEntities, noEntities } from './entities.js';
import { addGrams, maxFilteredLength } from './ngram-filter.js';
import type { HistoryEntry } from './policy.js';
import { hiddenTexts } from './hidden-text.js';
import { SpanIndex, spansOf } from './span-index.js';
import { normalizeText, visitLeaves } from './text-evidence.js';

/** Everything the run's labelled results contain, for `derivedFrom`. */
export interface LabelFlow {
  /** Normalized text of every result carrying the label, results separated by NUL. */
  text: string;
  /** IBANs and account-like numbers in those results, without spaces. */
  compact: Set<string>;
  /** Canonical emails in those results (lower case, no `+tag`). */
  emails: Set<string>;
  /** Canonical web addresses in those results: path prefixes by host. */
  urls: Map<string, string[]>;
  /** Distinctive whitespace-free spans of those results (keys and values), to find inside longer strings. */
  spans: SpanIndex;
  /** Hashes of the text's 8-character windows, to rule out most needles without a scan; dropped for huge texts. */
  grams: Set<number> | undefined;
}

/** What decisions read from a run's history, kept up to date as the kernel appends to it. */
export interface HistoryIndex {
  processed: number;
  /** Entries whose action ran (allowed, or has a result), oldest first. */
  ran: HistoryEntry[];
  ranByTool: Map<string, HistoryEntry[]>;
  labels: Set<string>;
  labelList: readonly string[];
  flows: Map<string, LabelFlow>;
  /** Entries without a result (or labels) yet: the kernel may fill them in after appending. */
  pending: PendingEntry[];
}

interface PendingEntry {
  entry: HistoryEntry;
  position: number;
  ran: boolean;
}

const indexes = new WeakMap<readonly HistoryEntry[], HistoryIndex>();
/** A call that has not completed after this many later entries is given up on (it never will: it was refused). */
const pendingHorizon = 4096;

/**
 * The index of a history array, cached per array: each call indexes only the entries appended since the
 * last one, so a decision costs the same at step 5 and step 500.
 */
export function historyIndexOf(history: readonly HistoryEntry[]): HistoryIndex {
  let index = indexes.get(history);
  if (!index || history.length < index.processed) {
    index = emptyIndex();
    indexes.set(history, index);
  }
  if (index.pending.length > 0) recheckPending(index, history.length);
  for (let position = index.processed; position < history.length; position++) {
    const entry = history[position];
    if (entry) addEntry(index, entry, position);
  }
  index.processed = history.length;
  return index;
}

/** Whether an entry's action actually happened. */
export function hasRun(entry: HistoryEntry): boolean {
  return entry.decision === 'allow' || entry.output !== undefined || entry.failed === true;
}

function emptyIndex(): HistoryIndex {
  return {
    processed: 0,
    ran: [],
    ranByTool: new Map(),
    labels: new Set(),
    labelList: [],
    flows: new Map(),
    pending: [],
  };
}

function addEntry(index: HistoryIndex, entry: HistoryEntry, position: number): void {
  if (typeof entry?.action !== 'object' || entry.action === null) return;
  const ran = hasRun(entry);
  if (ran) addRan(index, entry);
  if (isComplete(entry)) absorbResult(index, entry);
  else if (entry.decision !== 'deny' && takesResult(entry)) index.pending.push({ entry, position, ran });
}

/** Tool calls and spawns get their result (and its labels) after they enter the history. */
function takesResult(entry: HistoryEntry): boolean {
  return entry.action.kind === 'tool' || entry.action.kind === 'spawn';
}

function isComplete(entry: HistoryEntry): boolean {
  if (!takesResult(entry)) return true;
  return entry.output !== undefined || entry.failed === true;
}

function recheckPending(index: HistoryIndex, length: number): void {
  index.pending = index.pending.filter((pending) => {
    if (!pending.ran && hasRun(pending.entry)) {
      addRan(index, pending.entry);
      pending.ran = true;
    }
    if (isComplete(pending.entry)) {
      absorbResult(index, pending.entry);
      return false;
    }
    return length - pending.position <= pendingHorizon;
  });
}

function addRan(index: HistoryIndex, entry: HistoryEntry): void {
  index.ran.push(entry);
  const action = entry.action;
  const name =
    action.kind === 'tool' ? action.tool : action.kind === 'spawn' ? (action.tool ?? action.agent) : undefined;
  if (name === undefined) return;
  const list = index.ranByTool.get(name);
  if (list) list.push(entry);
  else index.ranByTool.set(name, [entry]);
}

function labelsOf(entry: HistoryEntry): readonly string[] {
  return Array.isArray(entry.labels) ? entry.labels : [];
}

function absorbResult(index: HistoryIndex, entry: HistoryEntry): void {
  const labels = labelsOf(entry);
  if (labels.length === 0) return;
  let fresh = false;
  for (const label of labels) {
    if (index.labels.has(label)) continue;
    index.labels.add(label);
    fresh = true;
  }
  if (fresh) index.labelList = [...index.labels];
  if (entry.output === undefined) return;
  const parts: string[] = [];
  visitLeaves(entry.output, (text, isNumber) => {
    const normalized = normalizeText(text);
    if (normalized) parts.push(normalized);
    // What the text hides (base64, hex, percent-encoding, ROT13, reversed) counts as its content too.
    if (isNumber) return;
    for (const hidden of hiddenTexts(text)) {
      const view = normalizeText(hidden);
      if (view) parts.push(view);
    }
  });
  const text = parts.join('\u0000');
  const entities = noEntities();
  const spans: string[] = [];
  for (const part of parts) {
    extractEntities(part, entities);
    spansOf(part, (span) => spans.push(span));
  }
  for (const label of labels) {
    const flow = flowOf(index, label);
    flow.text += `\u0000${text}`;
    if (flow.grams && flow.text.length > maxFilteredLength) flow.grams = undefined;
    else if (flow.grams) addGrams(flow.grams, text);
    for (const value of entities.compact) flow.compact.add(value);
    for (const value of entities.emails) flow.emails.add(value);
    for (const { host, path } of entities.urls) {
      const paths = flow.urls.get(host);
      if (!paths) flow.urls.set(host, [path]);
      else if (!paths.includes(path)) paths.push(path);
    }
    for (const span of spans) flow.spans.add(span);
  }
}

function flowOf(index: HistoryIndex, label: string): LabelFlow {
  let flow = index.flows.get(label);
  if (!flow) {
    flow = {
      text: '',
      compact: new Set(),
      emails: new Set(),
      urls: new Map(),
      spans: new SpanIndex(),
      grams: new Set(),
    };
    index.flows.set(label, flow);
  }
  return flow;
}

/** Whether a result carrying one of `taints` has entered the run (`context.tainted`). */
export function isTainted(index: HistoryIndex, taints: ReadonlySet<string>): boolean {
  for (const label of index.labelList) if (taints.has(label)) return true;
  return false;
}

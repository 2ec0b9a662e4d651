/**
 * The delimited blocks a model writes around tool calls, found in time linear in the text's length. Each does
 * exactly what a short regular expression (quoted on it) does, but by `indexOf` and trimming by hand: the
 * expressions' overlapping quantifiers backtrack for seconds to minutes on a few KB of whitespace.
 * "Whitespace" is what `\s` and `String.prototype.trim` take.
 */

const tagOpen = '<tool_call>';
const tagClose = '</tool_call>';
const fence = '```';
const fenceTags = ['json', 'tool_call', 'tool'] as const;
const space = /\s/;

const isSpace = (text: string, index: number): boolean => space.test(text.charAt(index));

/**
 * The trimmed text of each `<tool_call>…</tool_call>`, in order, as `/<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g`
 * captures them: a block ends at the first closing tag after its opening one.
 */
export function taggedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf(tagOpen, from);
    if (open === -1) return blocks;
    const close = text.indexOf(tagClose, open + tagOpen.length);
    if (close === -1) return blocks;
    blocks.push(text.slice(open + tagOpen.length, close).trim());
    from = close + tagClose.length;
  }
}

/**
 * The body of each fenced block, in order, as ``/```(?:json|tool_call|tool)?\s*\n([\s\S]*?)\n?\s*```/g`` captures
 * them: an opening fence with an optional `json`, `tool_call` or `tool` tag, whitespace holding a line break, and
 * the body from after the last line break of that whitespace up to the whitespace before the next fence.
 */
export function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf(fence, from);
    if (open === -1) return blocks;
    const start = bodyStart(text, open + fence.length);
    if (start === -1) {
      from = open + 1; // the opening fence is not followed by a line break: look for one further on
      continue;
    }
    const close = text.indexOf(fence, start);
    if (close === -1) return blocks;
    let end = close;
    while (end > start && isSpace(text, end - 1)) end--;
    blocks.push(text.slice(start, end));
    from = close + fence.length;
  }
}

/** Where a fenced block's body starts, given where its opening fence ends, or -1 if the fence opens no block. */
function bodyStart(text: string, afterFence: number): number {
  const tag = fenceTags.find((name) => text.startsWith(name, afterFence));
  let index = afterFence + (tag?.length ?? 0);
  let lineBreak = -1;
  for (; index < text.length && isSpace(text, index); index++) if (text.charCodeAt(index) === 10) lineBreak = index;
  return lineBreak === -1 ? -1 : lineBreak + 1;
}

/**
 * The body of a text that is one fenced block as a whole (an optional language tag of letters, then the body up to
 * the closing fence at the very end), as ``/^\s*```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```\s*$/`` captures it; without
 * such a fence, `undefined`.
 */
export function unfenced(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(fence) || !trimmed.endsWith(fence)) return undefined;
  const close = trimmed.length - fence.length;
  let start = fence.length;
  while (start < close && isLetter(trimmed.charCodeAt(start))) start++;
  while (start < close && isSpace(trimmed, start)) start++;
  if (start > close) return undefined;
  let end = close;
  while (end > start && isSpace(trimmed, end - 1)) end--;
  return trimmed.slice(start, end);
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

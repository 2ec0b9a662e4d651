/** A language a code action can be written in. */
export type CodeLanguage = 'javascript' | 'python' | 'shell';

/** One fenced code block of a model's reply. */
export interface CodeBlock {
  language: CodeLanguage;
  code: string;
}

/** What a reply contains: the code blocks to run, or none (a final answer), or a block left open. */
export interface ParsedReply {
  blocks: CodeBlock[];
  /** A code fence opened and never closed: nothing should run. */
  unterminated: boolean;
}

const aliases: Record<string, CodeLanguage> = {
  js: 'javascript',
  javascript: 'javascript',
  mjs: 'javascript',
  py: 'python',
  python: 'python',
  python3: 'python',
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
};

const opening = /^\s*(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)\s*$/;

/**
 * Finds the fenced code blocks of a reply. A fence without a language is `fallback`; a fence naming another
 * language (`json`, `text`, …) is not code and is left to the answer. Fences close with the same marker.
 */
export function parseCodeBlocks(text: string, fallback: CodeLanguage = 'javascript'): ParsedReply {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let open: { fence: string; language: CodeLanguage | undefined; body: string[] } | undefined;
  for (const line of lines) {
    if (open) {
      const trimmed = line.trim();
      if (trimmed.startsWith(open.fence) && /^[`~]+$/.test(trimmed)) {
        if (open.language) blocks.push({ language: open.language, code: open.body.join('\n') });
        open = undefined;
      } else if (line.trimEnd().endsWith(open.fence)) {
        // A fence glued to the last line of code (`return x;```) closes the block too.
        open.body.push(line.trimEnd().slice(0, -open.fence.length));
        if (open.language) blocks.push({ language: open.language, code: open.body.join('\n') });
        open = undefined;
      } else {
        open.body.push(line);
      }
      continue;
    }
    const match = opening.exec(line);
    if (!match) continue;
    const tag = match[2]!.toLowerCase();
    open = { fence: match[1]!, language: tag === '' ? fallback : aliases[tag], body: [] };
  }
  return { blocks, unterminated: open?.language !== undefined };
}

import type { ElicitationHandler, ElicitationQuestion } from '../kernel/tool-host/elicitation-handler.js';
import type { ElicitationAnswer } from '../tools/mcp/elicitation-answer.js';

/** Asks the person one line at the terminal and resolves with what they typed. */
export type AskLine = (prompt: string) => Promise<string>;

interface FieldSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  oneOf?: Array<{ const?: unknown }>;
}

/**
 * An `onElicitation` that asks the person at the terminal: accept, decline or cancel, then each field of a form
 * (its title, type and default shown; Enter takes the default or leaves an optional field out). The answer is
 * checked against the schema by the kernel like any other; a wrong one fails the tool call.
 */
export function terminalElicitation(ask: AskLine, write: (text: string) => void): ElicitationHandler {
  return async (question) => {
    write(`\n${question.server} (tool ${question.toolName}) asks: ${question.message}\n`);
    if (question.mode === 'url') write(`  Open: ${question.url}\n`);
    const choice = (await ask('  Answer? [a]ccept, [d]ecline, [c]ancel: ')).trim().toLowerCase();
    if (choice.startsWith('d')) return { action: 'decline' };
    if (!choice.startsWith('a')) return { action: 'cancel' };
    if (question.mode === 'url') return { action: 'accept' };
    return { action: 'accept', content: await askFields(question, ask) };
  };
}

async function askFields(question: ElicitationQuestion, ask: AskLine): Promise<ElicitationAnswer['content']> {
  const schema = (question.requestedSchema ?? {}) as { properties?: Record<string, FieldSchema>; required?: string[] };
  const required = new Set(schema.required ?? []);
  const content: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const choices = field.enum ?? field.oneOf?.map((option) => option.const);
    const hint = [
      field.type ?? 'value',
      required.has(name) ? 'required' : 'optional',
      choices ? `one of ${choices.join(', ')}` : undefined,
      field.default !== undefined ? `default ${JSON.stringify(field.default)}` : undefined,
    ].filter(Boolean);
    const line = (await ask(`  ${field.title ?? name} (${hint.join(', ')}): `)).trim();
    if (line === '') continue; // the schema's default, or left out
    content[name] = parseField(line, field.type);
  }
  return content;
}

function parseField(line: string, type: string | undefined): unknown {
  if (type === 'number' || type === 'integer') return Number(line);
  if (type === 'boolean') return /^(y|yes|true|1)$/i.test(line);
  return line;
}

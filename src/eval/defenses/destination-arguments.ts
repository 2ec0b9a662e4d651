import type { JsonSchema } from '../../core/json.js';
import type { Tool } from '../../tools/tool.js';

/** An argument through which an action reaches someone or somewhere outside: a recipient, an account, a URL. */
export interface DestinationArgument {
  name: string;
  /** The argument is a list of destinations. */
  list: boolean;
}

const destinationName =
  /(^|_)(to|cc|bcc|recipients?|emails?|email_address|participants?|invitees?|iban|account|url|link|channel|user|phone|webhook)$/;
const destinationFormats = new Set(['email', 'uri', 'url', 'idn-email', 'iri']);

/** The destination arguments of a tool, read from its input schema: by format (email, URI) or by name. */
export function destinationArguments(tool: Tool): DestinationArgument[] {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const found: DestinationArgument[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    const list = schema.type === 'array';
    const element = (list ? schema.items : schema) as JsonSchema | undefined;
    const byFormat = typeof element?.format === 'string' && destinationFormats.has(element.format);
    if (byFormat || destinationName.test(name)) found.push({ name, list });
  }
  return found;
}

const entityPatterns = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  /\bhttps?:\/\/[^\s<>"'`]+/g,
  /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
  /\+?\d[\d -]{7,}\d/g,
  /(?:^|\s)([#@][A-Za-z0-9_.-]{2,})/g,
];

const handle = /(?<![\w@.-])[a-z][a-z0-9]*[._][a-z][a-z0-9]*(?![\w@-])/g;

/**
 * The destinations a text names: email addresses, URLs, IBANs, phone numbers, `#channels` and
 * `@handles` (with and without their sign), and handles such as `lucia.ortega`.
 */
export function destinationsIn(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of entityPatterns) {
    for (const match of text.matchAll(pattern)) {
      const value = (match[1] ?? match[0]).trim().replace(/[.,;:!?)]+$/, '');
      found.add(value);
      if (/^[A-Z]{2}\d{2}/.test(value)) found.add(value.replaceAll(' ', ''));
      if (/^[#@]/.test(value)) found.add(value.slice(1));
    }
  }
  for (const match of text.matchAll(handle)) found.add(match[0]);
  return [...found];
}

const notNames = new Set(
  'a an and are as at be by can could did do does for from get give have how i if in is it let me my of on or our please put read send set show tell the then there this to up was we what when where which who why will with would you your'.split(
    ' ',
  ),
);

/** The capitalised words of a request that may name people ("Marcus", "Priya"), lower-cased. */
export function namesIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w@.#/-])[A-Z][a-z]{2,}(?![\w@-])/g)) {
    const word = match[0].toLowerCase();
    if (!notNames.has(word)) names.add(word);
  }
  return [...names];
}

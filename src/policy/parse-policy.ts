import { LineCounter, parseDocument } from 'yaml';
import { compilePolicy, type LoadedPolicy, type PolicyOptions } from './define-policy.js';
import { PolicyError } from './policy-error.js';
import { createLocator } from './source-locator.js';
import { yamlToJs } from './yaml-to-js.js';

/**
 * Parses, validates and compiles a YAML policy. Throws `PolicyError` with file, line, key path and a fix.
 * @example
 * const { policy, warnings } = parsePolicy(text, { file: 'policies/assistant.yaml', tools: ['send_email'] });
 */
export function parsePolicy(text: string, options: PolicyOptions = {}): LoadedPolicy {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    throw new PolicyError(`The policy is not valid YAML: ${firstLine(error.message)}`, {
      file: options.file,
      line,
      fix: 'check indentation, and quote values containing `: `, `#`, `{` or `*` at the start',
    });
  }
  const read = yamlToJs(document, lines);
  if (read.problem) {
    const { problem, line, fix } = read.problem;
    throw new PolicyError(`The policy cannot be read: ${problem}`, {
      file: options.file,
      ...(line !== undefined && { line }),
      fix,
    });
  }
  return compilePolicy(read.value, { ...options, locate: createLocator(document, lines) });
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

import { readFile } from 'node:fs/promises';
import type { LoadedPolicy } from './define-policy.js';
import { parsePolicy } from './parse-policy.js';
import { PolicyError } from './policy-error.js';

/**
 * Reads, validates and compiles a YAML policy file.
 * @param options.tools the tools that exist, so rules naming none of them are reported in `warnings`
 * @throws PolicyError when the file is missing, is not YAML, or is not a valid policy
 */
export async function loadPolicy(file: string, options: { tools?: readonly string[] } = {}): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PolicyError(
      `Cannot read the policy file: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}.`,
      {
        file,
        fix: 'check the path (it is relative to the config file)',
      },
    );
  }
  return parsePolicy(text, { ...options, file });
}
